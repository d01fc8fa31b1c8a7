package org.gridweave.controller.market;

import java.util.Arrays;

/**
 * Clears one interval's book, deterministically: the same book gives the same trades.
 *
 * <p><b>Merit order.</b> Bids from the highest limit price, offers from the lowest; equal prices in
 * acceptance order (earlier first). Bids are served one after another in that order; each takes the
 * best offer it may buy from until it is filled or nothing acceptable is left:
 *
 * <ul>
 *   <li>an offer on the bid's own feeder costs no fee; one on another feeder costs the grid fee
 *       (two boundaries) and needs capacity: the seller's feeder's export and the buyer's feeder's
 *       import capacity for cross-feeder trades (gross, per direction);
 *   <li>local-only bids buy only on their own feeder, renewable-only bids only from sites with PV
 *       or wind;
 *   <li><b>pay-as-bid</b>: the best offer is the one with the lowest price plus fee; it is
 *       acceptable when that is at most the bid's limit. The buyer pays its bid, the seller gets
 *       the bid minus the fee;
 *   <li><b>pay-as-clear</b>: first the uniform price is found where the merit orders cross,
 *       ignoring the network (the midpoint of the marginal bid's and offer's limits). Offers up to
 *       that price may sell at it; a bid at or above it buys on its own feeder, and across feeders
 *       only if it also covers the fee. A bid takes own-feeder offers before others (no fee), each
 *       group in merit order.
 * </ul>
 *
 * <p><b>Network cuts.</b> Capacity goes to trades in merit order, so when a feeder's capacity runs
 * out the trades cut are the last ones in merit order (the lowest bids, then the latest orders).
 * {@link #networkCut} reports what was cut, per feeder and direction, by clearing the book again
 * without capacities (only when a capacity ran out).
 */
public final class Clearing {
  private static final int IDX_BITS = 24;
  private static final long IDX_MASK = (1L << IDX_BITS) - 1;
  private static final int PARALLEL_SORT_FROM = 1 << 16;

  private Clearing() {}

  /**
   * @param importCapWh per feeder, cross-feeder energy its sites may buy (null: unlimited)
   * @param exportCapWh per feeder, cross-feeder energy its sites may sell (null: unlimited)
   */
  public static ClearingResult clear(
      Book b, MarketRules rules, long[] importCapWh, long[] exportCapWh) {
    Sorted s = sort(b);
    Run r = run(b, rules, s, importCapWh, exportCapWh);
    return new ClearingResult(
        rules.mechanism(),
        r.count,
        Arrays.copyOf(r.bid, r.count),
        Arrays.copyOf(r.offer, r.count),
        Arrays.copyOf(r.wh, r.count),
        Arrays.copyOf(r.sellerPrice, r.count),
        Arrays.copyOf(r.fee, r.count),
        r.tradedWh,
        r.clearingPrice,
        r.marginalBid,
        r.marginalOffer,
        r.networkBound,
        r.crossExport,
        r.crossImport);
  }

  /**
   * What the network cut in a clearing: the same book cleared again without capacities, compared
   * per feeder and direction. Zero, without clearing again, when no capacity ran out.
   */
  public static NetworkCut networkCut(Book b, MarketRules rules, ClearingResult constrained) {
    long[] exportCut = new long[b.feeders];
    long[] importCut = new long[b.feeders];
    if (!constrained.networkBound()) {
      return new NetworkCut(0, exportCut, importCut);
    }
    Run free = run(b, rules, sort(b), null, null);
    for (int f = 0; f < b.feeders; f++) {
      exportCut[f] = Math.max(0, free.crossExport[f] - constrained.crossExportWh()[f]);
      importCut[f] = Math.max(0, free.crossImport[f] - constrained.crossImportWh()[f]);
    }
    return new NetworkCut(
        Math.max(0, free.tradedWh - constrained.tradedWh()), exportCut, importCut);
  }

  /**
   * @param totalWh energy the capacities kept from trading
   * @param exportCutWh per feeder: cross-feeder sales its export capacity cut
   * @param importCutWh per feeder: cross-feeder purchases its import capacity cut
   */
  public record NetworkCut(long totalWh, long[] exportCutWh, long[] importCutWh) {}

  /** Bids and offers in merit order; offers also split into lists by (feeder, renewable). */
  private record Sorted(
      int[] bids, int[] offers, int[] listItems, int[] listStart, int[] listEnd) {}

  private static Sorted sort(Book b) {
    int nb = 0;
    for (int i = 0; i < b.size; i++) {
      if (b.bid[i]) nb++;
    }
    int no = b.size - nb;
    long[] bk = new long[nb];
    long[] ok = new long[no];
    int x = 0;
    int y = 0;
    long limit = MarketRules.PRICE_LIMIT_MICROS;
    for (int i = 0; i < b.size; i++) {
      if (b.bid[i]) {
        bk[x++] = ((limit - b.price[i]) << IDX_BITS) | i;
      } else {
        ok[y++] = ((b.price[i] + limit) << IDX_BITS) | i;
      }
    }
    sortKeys(bk);
    sortKeys(ok);
    int[] bids = new int[nb];
    for (int k = 0; k < nb; k++) bids[k] = (int) (bk[k] & IDX_MASK);
    int[] offers = new int[no];
    for (int k = 0; k < no; k++) offers[k] = (int) (ok[k] & IDX_MASK);
    int lists = b.feeders * 2;
    int[] start = new int[lists + 1];
    for (int j : offers) start[list(b, j) + 1]++;
    for (int l = 0; l < lists; l++) start[l + 1] += start[l];
    int[] fill = Arrays.copyOf(start, lists);
    int[] items = new int[no];
    for (int j : offers) items[fill[list(b, j)]++] = j;
    return new Sorted(bids, offers, items, Arrays.copyOf(start, lists), fill);
  }

  private static void sortKeys(long[] keys) {
    if (keys.length >= PARALLEL_SORT_FROM) {
      Arrays.parallelSort(keys);
    } else {
      Arrays.sort(keys);
    }
  }

  private static int list(Book b, int offer) {
    return b.feeder[offer] * 2 + (b.renewableSite[offer] ? 1 : 0);
  }

  /** One pass of the matching; growable trade arrays. */
  private static final class Run {
    int count;
    int[] bid;
    int[] offer;
    long[] wh;
    long[] sellerPrice;
    long[] fee;
    long tradedWh;
    long clearingPrice = ClearingResult.NO_PRICE;
    int marginalBid = -1;
    int marginalOffer = -1;
    boolean networkBound;
    long[] crossExport;
    long[] crossImport;

    Run(int expected) {
      int n = Math.max(16, expected);
      bid = new int[n];
      offer = new int[n];
      wh = new long[n];
      sellerPrice = new long[n];
      fee = new long[n];
    }

    void add(int i, int j, long q, long sellerMicros, long feeMicros) {
      if (count == bid.length) {
        int n = count * 2;
        bid = Arrays.copyOf(bid, n);
        offer = Arrays.copyOf(offer, n);
        wh = Arrays.copyOf(wh, n);
        sellerPrice = Arrays.copyOf(sellerPrice, n);
        fee = Arrays.copyOf(fee, n);
      }
      bid[count] = i;
      offer[count] = j;
      wh[count] = q;
      sellerPrice[count] = sellerMicros;
      fee[count] = feeMicros;
      count++;
      tradedWh += q;
    }
  }

  private static Run run(
      Book b, MarketRules rules, Sorted s, long[] importCapIn, long[] exportCapIn) {
    Run r = new Run(b.size * 3 / 4);
    r.crossExport = new long[b.feeders];
    r.crossImport = new long[b.feeders];
    boolean payAsClear = rules.mechanism() == MarketRules.Mechanism.PAY_AS_CLEAR;
    long crossFee = 2 * rules.crossingFeeMicros();
    long price = 0;
    if (payAsClear) {
      if (!crossing(b, s, r)) {
        return r;
      }
      price = r.clearingPrice;
    }
    long[] importCap = importCapIn == null ? null : importCapIn.clone();
    long[] exportCap = exportCapIn == null ? null : exportCapIn.clone();
    long[] rem = new long[b.size];
    System.arraycopy(b.wh, 0, rem, 0, b.size);
    int lists = b.feeders * 2;
    int[] head = s.listStart.clone();
    int[] end = s.listEnd.clone();
    if (payAsClear) {
      for (int l = 0; l < lists; l++) {
        // offers above the uniform price never sell: the list ends before them
        int lo = head[l];
        int hi = end[l];
        while (lo < hi) {
          int mid = (lo + hi) >>> 1;
          if (b.price[s.listItems[mid]] <= price) lo = mid + 1;
          else hi = mid;
        }
        end[l] = lo;
      }
    }
    ListHeap all = new ListHeap(lists);
    ListHeap renewable = new ListHeap(lists);
    for (int l = 0; l < lists; l++) {
      if (head[l] < end[l] && (exportCap == null || exportCap[l >> 1] > 0)) {
        long k = key(b, s.listItems[head[l]]);
        all.add(l, k);
        if ((l & 1) == 1) renewable.add(l, k);
      }
    }
    for (int i : s.bids) {
      long pb = b.price[i];
      if (payAsClear && pb < price) {
        break; // bids are in merit order: none after this one reaches the price either
      }
      int fb = b.feeder[i];
      boolean renOnly = b.renewableOnly[i];
      boolean mayCross = !b.localOnly[i];
      long q = rem[i];
      while (q > 0) {
        int own = -1;
        for (int c = renOnly ? 1 : 0; c <= 1; c++) {
          int l = fb * 2 + c;
          if (head[l] < end[l]
              && (own < 0 || key(b, s.listItems[head[l]]) < key(b, s.listItems[head[own]]))) {
            own = l;
          }
        }
        boolean ownOk = own >= 0 && (payAsClear || b.price[s.listItems[head[own]]] <= pb);
        int cross = -1;
        // pay-as-clear: an own-feeder offer is always preferred (no fee), so look no further
        if (!(payAsClear && ownOk)
            && mayCross
            && (importCap == null || importCap[fb] > 0)
            && (!payAsClear || pb >= price + crossFee)) {
          cross = bestOtherFeeder(renOnly ? renewable : all, fb, b, s, head);
          if (cross >= 0 && !payAsClear && b.price[s.listItems[head[cross]]] + crossFee > pb) {
            cross = -1;
          }
        }
        int l;
        if (ownOk && cross >= 0) {
          l =
              payAsClear
                      || b.price[s.listItems[head[own]]]
                          <= b.price[s.listItems[head[cross]]] + crossFee
                  ? own
                  : cross;
        } else if (ownOk) {
          l = own;
        } else if (cross >= 0) {
          l = cross;
        } else {
          break;
        }
        int j = s.listItems[head[l]];
        int fo = l >> 1;
        boolean crossing = fo != fb;
        long t = Math.min(q, rem[j]);
        if (crossing && importCap != null) t = Math.min(t, importCap[fb]);
        if (crossing && exportCap != null) t = Math.min(t, exportCap[fo]);
        long fee = crossing ? crossFee : 0;
        r.add(i, j, t, payAsClear ? price : pb - fee, fee);
        q -= t;
        rem[j] -= t;
        if (crossing) {
          r.crossExport[fo] += t;
          r.crossImport[fb] += t;
          if (importCap != null) {
            importCap[fb] -= t;
            if (importCap[fb] == 0) r.networkBound = true;
          }
          if (exportCap != null) {
            exportCap[fo] -= t;
            if (exportCap[fo] == 0) {
              r.networkBound = true;
              all.remove(fo * 2);
              all.remove(fo * 2 + 1);
              renewable.remove(fo * 2 + 1);
            }
          }
        }
        if (rem[j] == 0) {
          head[l]++;
          advance(all, l, head[l] == end[l], b, s, head);
          if ((l & 1) == 1) {
            advance(renewable, l, head[l] == end[l], b, s, head);
          }
        }
      }
      rem[i] = q;
    }
    return r;
  }

  private static void advance(ListHeap h, int l, boolean exhausted, Book b, Sorted s, int[] head) {
    if (!h.contains(l)) {
      return;
    }
    if (exhausted) {
      h.remove(l);
    } else {
      h.update(l, key(b, s.listItems[head[l]]));
    }
  }

  /** The list with the cheapest head among feeders other than {@code fb}, or -1. */
  private static int bestOtherFeeder(ListHeap h, int fb, Book b, Sorted s, int[] head) {
    if (h.isEmpty()) {
      return -1;
    }
    int top = h.top();
    if (top >> 1 != fb) {
      return top;
    }
    // the cheapest is on the bid's own feeder: set its lists aside for a moment
    boolean had0 = h.contains(fb * 2);
    boolean had1 = h.contains(fb * 2 + 1);
    h.remove(fb * 2);
    h.remove(fb * 2 + 1);
    int best = h.isEmpty() ? -1 : h.top();
    if (had0) h.add(fb * 2, key(b, s.listItems[head[fb * 2]]));
    if (had1) h.add(fb * 2 + 1, key(b, s.listItems[head[fb * 2 + 1]]));
    return best;
  }

  private static long key(Book b, int offer) {
    return ((b.price[offer] + MarketRules.PRICE_LIMIT_MICROS) << IDX_BITS) | offer;
  }

  /** Where the merit orders cross, ignoring the network: sets the uniform price. */
  private static boolean crossing(Book b, Sorted s, Run r) {
    int nb = s.bids.length;
    int no = s.offers.length;
    if (nb == 0 || no == 0) return false;
    int i = 0;
    int j = 0;
    long rb = b.wh[s.bids[0]];
    long ro = b.wh[s.offers[0]];
    int lastB = -1;
    int lastO = -1;
    while (i < nb && j < no && b.price[s.bids[i]] >= b.price[s.offers[j]]) {
      long t = Math.min(rb, ro);
      lastB = s.bids[i];
      lastO = s.offers[j];
      rb -= t;
      ro -= t;
      if (rb == 0 && ++i < nb) rb = b.wh[s.bids[i]];
      if (ro == 0 && ++j < no) ro = b.wh[s.offers[j]];
    }
    if (lastB < 0) return false;
    r.marginalBid = lastB;
    r.marginalOffer = lastO;
    r.clearingPrice = Math.floorDiv(b.price[lastB] + b.price[lastO], 2);
    return true;
  }
}

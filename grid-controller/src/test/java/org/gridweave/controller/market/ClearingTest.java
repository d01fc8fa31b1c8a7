package org.gridweave.controller.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.gridweave.controller.market.MarketRules.Mechanism;
import org.junit.jupiter.api.Test;

/** Hand-worked order books. Energies in kWh ×1000 = Wh; prices per kWh. */
class ClearingTest {

  /** A small book written as lines: side, kWh, price, feeder, flags. */
  static final class Orders {
    final List<Object[]> rows = new ArrayList<>();
    int feeders = 1;

    Orders bid(double kwh, double price) {
      return add(true, kwh, price, 0, false, false, false);
    }

    Orders offer(double kwh, double price) {
      return add(false, kwh, price, 0, false, false, false);
    }

    Orders add(
        boolean bid,
        double kwh,
        double price,
        int feeder,
        boolean local,
        boolean renewableOnly,
        boolean renewableSite) {
      rows.add(new Object[] {bid, kwh, price, feeder, local, renewableOnly, renewableSite});
      feeders = Math.max(feeders, feeder + 1);
      return this;
    }

    Book book() {
      Book b = Book.ofSize(rows.size(), feeders);
      for (int i = 0; i < rows.size(); i++) {
        Object[] r = rows.get(i);
        b.set(
            i,
            (boolean) r[0],
            Math.round((double) r[1] * 1000),
            Order.micros((double) r[2]),
            (int) r[3],
            (boolean) r[4],
            (boolean) r[5],
            (boolean) r[6]);
      }
      return b;
    }
  }

  private static MarketRules rules(Mechanism m, double crossingFee) {
    return new MarketRules(
        m, Order.micros(crossingFee), Order.micros(-1), Order.micros(2), java.time.Duration.ZERO);
  }

  /** Trades as "bid>offer:Wh@sellerPrice+fee" strings, in the order made. */
  private static List<String> trades(ClearingResult r) {
    List<String> out = new ArrayList<>();
    for (int t = 0; t < r.trades(); t++) {
      out.add(
          r.bid()[t]
              + ">"
              + r.offer()[t]
              + ":"
              + r.wh()[t]
              + "@"
              + r.sellerPriceMicros()[t]
              + "+"
              + r.feeMicros()[t]);
    }
    return out;
  }

  // bids 0..2, offers 3..5
  private static Orders classic() {
    return new Orders()
        .bid(10, 0.30)
        .bid(5, 0.20)
        .bid(5, 0.10)
        .offer(8, 0.05)
        .offer(6, 0.15)
        .offer(10, 0.25);
  }

  @Test
  void payAsClearTradesAtTheMidpointOfTheMarginalPair() {
    // merit orders cross at 14 kWh: B0 takes O3's 8 and 2 of O4, B1 takes O4's other 4 and then
    // meets O5 at 0.25 > 0.20. Marginal pair B1 (0.20) / O4 (0.15): price 0.175. At 0.175 only O3
    // and O4 sell (14 kWh); B0 and B1 (15 kWh) want them: B1 gets 4 of its 5.
    ClearingResult r =
        Clearing.clear(classic().book(), rules(Mechanism.PAY_AS_CLEAR, 0), null, null);

    assertThat(r.clearingPriceMicros()).isEqualTo(175_000);
    assertThat(r.marginalBid()).isEqualTo(1);
    assertThat(r.marginalOffer()).isEqualTo(4);
    assertThat(trades(r))
        .containsExactly("0>3:8000@175000+0", "0>4:2000@175000+0", "1>4:4000@175000+0");
    assertThat(r.tradedWh()).isEqualTo(14_000);
  }

  @Test
  void payAsBidTradesAtEachBid() {
    ClearingResult r = Clearing.clear(classic().book(), rules(Mechanism.PAY_AS_BID, 0), null, null);

    assertThat(trades(r))
        .containsExactly("0>3:8000@300000+0", "0>4:2000@300000+0", "1>4:4000@200000+0");
    assertThat(r.clearingPriceMicros()).isEqualTo(ClearingResult.NO_PRICE);
  }

  @Test
  void aBookThatDoesNotCrossTradesNothing() {
    Book b = new Orders().bid(5, 0.10).bid(5, 0.12).offer(5, 0.20).offer(3, 0.13).book();
    for (Mechanism m : Mechanism.values()) {
      ClearingResult r = Clearing.clear(b, rules(m, 0), null, null);
      assertThat(r.trades()).isZero();
      assertThat(r.clearingPriceMicros()).isEqualTo(ClearingResult.NO_PRICE);
    }
  }

  @Test
  void equalPricesAreServedInTheOrderTheyArrived() {
    // offers 1 and 2 both at 0.10: the earlier one (1) sells first; bids 3 and 4 both at 0.20: 3
    // first
    Book b =
        new Orders().bid(4, 0.30).offer(5, 0.10).offer(5, 0.10).bid(3, 0.20).bid(3, 0.20).book();
    ClearingResult r = Clearing.clear(b, rules(Mechanism.PAY_AS_BID, 0), null, null);
    assertThat(trades(r))
        .containsExactly(
            "0>1:4000@300000+0", "3>1:1000@200000+0", "3>2:2000@200000+0", "4>2:3000@200000+0");
  }

  @Test
  void aFeederWithoutExportCapacityCutsTheLastTradesInMeritOrder() {
    // sellers on feeder 1, buyers on feeder 0; crossing costs 0.01 per boundary (0.02 a trade).
    // Feeder 1 may export 4 kWh: the highest bid (0) gets its 3, bid 1 the last one; 4 kWh of
    // bid 1 are cut.
    Book b =
        new Orders()
            .add(true, 3, 0.30, 0, false, false, false)
            .add(true, 5, 0.25, 0, false, false, false)
            .add(false, 10, 0.10, 1, false, false, true)
            .book();
    MarketRules rules = rules(Mechanism.PAY_AS_BID, 0.01);
    ClearingResult r = Clearing.clear(b, rules, null, new long[] {0, 4000});

    assertThat(trades(r)).containsExactly("0>2:3000@280000+20000", "1>2:1000@230000+20000");
    Clearing.NetworkCut cut = Clearing.networkCut(b, rules, r);
    assertThat(cut.totalWh()).isEqualTo(4000);
    assertThat(cut.exportCutWh()).containsExactly(0, 4000);
    assertThat(cut.importCutWh()).containsExactly(4000, 0);
  }

  @Test
  void aBidMustCoverTheFeeToBuyAcrossFeeders() {
    // ignoring the network the bid meets the remote offer first: price (0.20 + 0.10) / 2 = 0.15.
    // The fee is 0.06 a trade: 0.20 < 0.21, so the bid cannot buy across feeders and buys only
    // what its own feeder offers at 0.15 (2 kWh); the remote offer stays unsold
    Book b =
        new Orders()
            .add(true, 5, 0.20, 0, false, false, false)
            .add(false, 5, 0.10, 1, false, false, false)
            .add(false, 2, 0.12, 0, false, false, false)
            .book();
    ClearingResult r = Clearing.clear(b, rules(Mechanism.PAY_AS_CLEAR, 0.03), null, null);

    assertThat(r.clearingPriceMicros()).isEqualTo(150_000);
    assertThat(trades(r)).containsExactly("0>2:2000@150000+0");
  }

  @Test
  void localOnlyAndRenewableOnlyBidsBuyOnlyWhatTheyAskFor() {
    Book b =
        new Orders()
            .add(true, 2, 0.30, 0, true, false, false) // 0: local only
            .add(true, 2, 0.30, 0, false, true, false) // 1: renewable only
            .add(false, 5, 0.05, 1, false, false, false) // 2: cheap, other feeder, not renewable
            .add(false, 5, 0.15, 1, false, false, true) // 3: renewable, other feeder
            .book();
    ClearingResult r = Clearing.clear(b, rules(Mechanism.PAY_AS_BID, 0), null, null);

    assertThat(trades(r)).containsExactly("1>3:2000@300000+0");
  }

  @Test
  void ownFeederOffersGoFirstUnderPayAsClear() {
    // at the uniform price the buyer pays the same for every seller, plus a fee across feeders:
    // the own-feeder offer sells even though a remote one has a lower limit
    Book b =
        new Orders()
            .add(true, 3, 0.40, 0, false, false, false)
            .add(false, 3, 0.05, 1, false, false, false)
            .add(false, 3, 0.10, 0, false, false, false)
            .book();
    ClearingResult r = Clearing.clear(b, rules(Mechanism.PAY_AS_CLEAR, 0.01), null, null);

    assertThat(r.clearingPriceMicros()).isEqualTo(225_000);
    assertThat(trades(r)).containsExactly("0>2:3000@225000+0");
  }
}

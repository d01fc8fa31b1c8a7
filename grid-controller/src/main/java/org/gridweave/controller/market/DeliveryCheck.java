package org.gridweave.controller.market;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gridweave.core.id.SiteId;

/**
 * After an interval: what was traded against what the meters measured, one statement per prosumer.
 * Money in millionths of a currency unit; energy in Wh.
 *
 * <ul>
 *   <li>A seller delivered {@code min(sold, metered export)}. The rest (shortfall) came from the
 *       grid: the seller pays it at the import price plus the penalty.
 *   <li>A buyer took {@code min(bought, metered import)}. What it bought but did not take (surplus)
 *       went to the grid: it is credited at the export price minus the penalty.
 *   <li>Trades are paid as cleared either way (buyers pay, sellers receive, fees go to the grid).
 *   <li>A site without metered energy for the interval gets a statement marked unmetered with no
 *       delivery settlement (it is settled when its readings arrive).
 *   <li>Each trade gets its metered share ({@link #perTrade}): a site's delivered (or taken) energy
 *       split over its trades in proportion to their energy.
 * </ul>
 */
public final class DeliveryCheck {
  private DeliveryCheck() {}

  /** A site's metered exchange with the grid over the interval. */
  public record Metered(long importWh, long exportWh) {}

  public record Statement(
      SiteId site,
      Instant interval,
      boolean metered,
      long boughtWh,
      long soldWh,
      long takenWh,
      long deliveredWh,
      long paidMicros,
      long receivedMicros,
      long feesMicros,
      long shortfallWh,
      long shortfallMicros,
      long surplusWh,
      long surplusCreditMicros,
      long penaltyMicros) {

    /** Money the prosumer gains (negative: pays) over the interval's trades and deliveries. */
    public long netMicros() {
      return receivedMicros - paidMicros - shortfallMicros + surplusCreditMicros - penaltyMicros;
    }
  }

  /**
   * One trade's metered share: what of it the seller delivered and the buyer took (Wh), or {@code
   * null} for a side whose meter has no energy for the interval yet.
   */
  public record TradeDelivery(String tradeId, Long deliveredWh, Long takenWh) {}

  /**
   * Splits each site's delivered (sold side) and taken (bought side) energy over its trades in
   * proportion to their energy, in whole Wh by largest remainder (ties: the earlier trade in the
   * list), so a site's shares add up to its statement's figure exactly.
   */
  public static List<TradeDelivery> perTrade(List<Trade> trades, Map<SiteId, Metered> metered) {
    Map<SiteId, List<Integer>> sells = new TreeMap<>();
    Map<SiteId, List<Integer>> buys = new TreeMap<>();
    for (int k = 0; k < trades.size(); k++) {
      sells.computeIfAbsent(trades.get(k).seller(), x -> new ArrayList<>()).add(k);
      buys.computeIfAbsent(trades.get(k).buyer(), x -> new ArrayList<>()).add(k);
    }
    Long[] delivered = new Long[trades.size()];
    Long[] taken = new Long[trades.size()];
    sells.forEach((site, ks) -> {
      Metered m = metered.get(site);
      if (m != null) {
        split(trades, ks, m.exportWh(), delivered);
      }
    });
    buys.forEach((site, ks) -> {
      Metered m = metered.get(site);
      if (m != null) {
        split(trades, ks, m.importWh(), taken);
      }
    });
    List<TradeDelivery> out = new ArrayList<>(trades.size());
    for (int k = 0; k < trades.size(); k++) {
      out.add(new TradeDelivery(trades.get(k).id(), delivered[k], taken[k]));
    }
    return out;
  }

  private static void split(List<Trade> trades, List<Integer> ks, long meteredWh, Long[] into) {
    long total = 0;
    for (int k : ks) {
      total += trades.get(k).wh();
    }
    long share = Math.min(total, Math.max(0, meteredWh));
    long given = 0;
    long[] remainder = new long[ks.size()];
    for (int j = 0; j < ks.size(); j++) {
      long wh = trades.get(ks.get(j)).wh();
      // wh × share ≤ 10^9 × 10^9 × trades: exact in 128 bits
      java.math.BigInteger p =
          java.math.BigInteger.valueOf(wh).multiply(java.math.BigInteger.valueOf(share));
      java.math.BigInteger[] qr = p.divideAndRemainder(java.math.BigInteger.valueOf(total));
      into[ks.get(j)] = qr[0].longValueExact();
      remainder[j] = qr[1].longValueExact();
      given += into[ks.get(j)];
    }
    for (long left = share - given; left > 0; left--) {
      int best = -1;
      for (int j = 0; j < ks.size(); j++) {
        if (remainder[j] >= 0 && (best < 0 || remainder[j] > remainder[best])) {
          best = j;
        }
      }
      into[ks.get(best)]++;
      remainder[best] = -1;
    }
  }

  public static List<Statement> settle(
      Instant interval,
      List<Trade> trades,
      Map<SiteId, Metered> metered,
      long importPriceMicros,
      long exportPriceMicros,
      long penaltyMicros) {
    Map<SiteId, long[]> sums = new TreeMap<>(); // bought, sold, paid, received, fees
    for (Trade t : trades) {
      long[] b = sums.computeIfAbsent(t.buyer(), k -> new long[5]);
      b[0] += t.wh();
      b[2] += t.buyerPaysMicros();
      b[4] += ClearingResult.amountMicros(t.feeMicros(), t.wh());
      long[] s = sums.computeIfAbsent(t.seller(), k -> new long[5]);
      s[1] += t.wh();
      s[3] += t.sellerGetsMicros();
    }
    List<Statement> out = new ArrayList<>(sums.size());
    for (var e : sums.entrySet()) {
      long[] v = e.getValue();
      Metered m = metered.get(e.getKey());
      if (m == null) {
        out.add(
            new Statement(
                e.getKey(), interval, false, v[0], v[1], 0, 0, v[2], v[3], v[4], 0, 0, 0, 0, 0));
        continue;
      }
      long taken = Math.min(v[0], m.importWh());
      long delivered = Math.min(v[1], m.exportWh());
      long shortfall = v[1] - delivered;
      long surplus = v[0] - taken;
      long shortfallCost = ClearingResult.amountMicros(importPriceMicros, shortfall);
      long surplusCredit = ClearingResult.amountMicros(exportPriceMicros, surplus);
      long penalty = ClearingResult.amountMicros(penaltyMicros, shortfall + surplus);
      out.add(
          new Statement(
              e.getKey(),
              interval,
              true,
              v[0],
              v[1],
              taken,
              delivered,
              v[2],
              v[3],
              v[4],
              shortfall,
              shortfallCost,
              surplus,
              surplusCredit,
              penalty));
    }
    return out;
  }
}

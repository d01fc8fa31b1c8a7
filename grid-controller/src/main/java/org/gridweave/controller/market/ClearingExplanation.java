package org.gridweave.controller.market;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gridweave.core.id.FeederId;

/** One paragraph for people: the price, the marginal orders, what the network cut and why. */
public final class ClearingExplanation {
  private ClearingExplanation() {}

  public static String of(
      Market.Closed closed,
      ClearingResult r,
      Clearing.NetworkCut cut,
      long[] importCapWh,
      long[] exportCapWh) {
    List<String> parts = new ArrayList<>();
    int bids = 0;
    for (Order o : closed.orders()) {
      if (o.bid()) bids++;
    }
    parts.add(
        String.format(Locale.ROOT, "%d bids and %d offers", bids, closed.orders().size() - bids));

    int offers = closed.orders().size() - bids;
    if (r.trades() == 0) {
      parts.add(
          "no trade: "
              + (bids == 0 || offers == 0
                  ? "there is no " + (bids == 0 ? "bid" : "offer") + " to match"
                  : r.clearingPriceMicros() == ClearingResult.NO_PRICE
                          && r.mechanism() == MarketRules.Mechanism.PAY_AS_CLEAR
                      ? "the highest bid is below the lowest offer"
                      : "no bid reaches an offer it may buy"));
      return String.join("; ", parts);
    }
    if (r.mechanism() == MarketRules.Mechanism.PAY_AS_CLEAR) {
      Order mb = closed.orders().get(r.marginalBid());
      Order mo = closed.orders().get(r.marginalOffer());
      parts.add(
          String.format(
              Locale.ROOT,
              "pay-as-clear at %.4f/kWh, halfway between the marginal bid %s (%.4f) and offer %s (%.4f)",
              r.clearingPriceMicros() / 1e6,
              mb.id(),
              mb.limitPricePerKwh(),
              mo.id(),
              mo.limitPricePerKwh()));
    } else {
      parts.add("pay-as-bid: each buyer pays its bid, the seller gets it minus the grid fee");
    }
    parts.add(String.format(Locale.ROOT, "%,d Wh in %d trades", r.tradedWh(), r.trades()));
    if (cut.totalWh() > 0) {
      List<String> where = new ArrayList<>();
      for (int f = 0; f < closed.feeders().size(); f++) {
        FeederId id = closed.feeders().get(f);
        if (cut.exportCutWh()[f] > 0) {
          where.add(
              String.format(
                  Locale.ROOT,
                  "%s export capacity %,d Wh (%,d Wh cut)",
                  id,
                  exportCapWh == null ? 0 : exportCapWh[f],
                  cut.exportCutWh()[f]));
        }
        if (cut.importCutWh()[f] > 0) {
          where.add(
              String.format(
                  Locale.ROOT,
                  "%s import capacity %,d Wh (%,d Wh cut)",
                  id,
                  importCapWh == null ? 0 : importCapWh[f],
                  cut.importCutWh()[f]));
        }
      }
      parts.add(
          String.format(
              Locale.ROOT,
              "the network cut %,d Wh: %s; capacity went to trades in merit order, the last ones were cut",
              cut.totalWh(),
              String.join(", ", where)));
    }
    return String.join("; ", parts);
  }
}

package org.gridweave.controller.market;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The default strategy for prosumers without their own (in the spirit of GSY-e's smart agents): a
 * site with a forecast surplus offers it, one with a deficit bids for it, at a price that moves
 * from the side's least favourable end of the tariff band towards the other end while the gate is
 * open. Offers start at the import price and fall to the export price; bids start at the export
 * price and rise to the import price; both reach their end at gate closure. Between those prices
 * trading beats the grid for both sides. Pure: the caller re-posts the order every {@code step}.
 */
public final class BiddingAgent {
  private BiddingAgent() {}

  /** What the agent posts at {@code now}: side, energy and limit price. */
  public record Quote(boolean bid, long energyWh, long limitPriceMicros) {}

  /**
   * @param forecastNetWh the site's forecast for the interval: positive surplus, negative deficit
   * @param opens when the agent starts quoting (e.g. one day before the interval)
   * @param gateClosure when the book closes
   * @param step how often the price moves (the price holds in between)
   * @return empty when there is nothing to trade or the window is not open
   */
  public static Optional<Quote> quote(
      long forecastNetWh,
      long importPriceMicros,
      long exportPriceMicros,
      Instant opens,
      Instant gateClosure,
      Duration step,
      Instant now) {
    if (forecastNetWh == 0
        || now.isBefore(opens)
        || !now.isBefore(gateClosure)
        || !opens.isBefore(gateClosure)) {
      return Optional.empty();
    }
    long total = Duration.between(opens, gateClosure).toMillis();
    long steps = Math.max(1, total / Math.max(1, step.toMillis()));
    long done =
        Math.min(steps, Duration.between(opens, now).toMillis() / Math.max(1, step.toMillis()));
    double progress = (double) done / steps;
    long high = Math.max(importPriceMicros, exportPriceMicros);
    long low = Math.min(importPriceMicros, exportPriceMicros);
    if (forecastNetWh > 0) {
      return Optional.of(
          new Quote(false, forecastNetWh, Math.round(high - progress * (high - low))));
    }
    return Optional.of(new Quote(true, -forecastNetWh, Math.round(low + progress * (high - low))));
  }
}

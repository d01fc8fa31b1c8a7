package org.gridweave.controller.dispatch;

import java.time.Instant;
import java.util.Optional;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.SiteId;

/**
 * Where the dispatch gets its forecasts (in production: the forecasting service's channel, #3).
 * Implementations must be thread-safe and must not block for long: a missing forecast is {@code
 * empty}, not a wait.
 */
public interface ForecastSource {

  /** A forecast and when it was issued. */
  record Issued(Instant issuedAt, SiteForecast forecast) {}

  /** The latest forecast for a site, re-sampled to {@code steps} steps from {@code from}. */
  Optional<Issued> site(SiteId site, Instant from, int steps);

  /**
   * Feeder-level uncertainty margins ({@code [0]} import direction, {@code [1]} reverse flow, kW
   * per step) from feeder quantile forecasts; empty means "sum the sites' margins".
   */
  default Optional<double[][]> feederMargins(FeederId feeder, Instant from, int steps) {
    return Optional.empty();
  }
}

package org.gridweave.forecasting.service.history;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How much history the engine needs: a week of lags before the first training origin, then a
 * backtest of {@code max(7, min(28, horizon days + 7))} days (see {@code ForecastEngine}), and one
 * more day so that at least one training row fits before the backtest: 16 days for a one-day
 * horizon, 17 for the default two days.
 */
public final class HistoryRequirement {
  private HistoryRequirement() {}

  public static Duration minimum(Duration horizon) {
    long horizonDays = (horizon.toSeconds() + 86_399) / 86_400;
    return Duration.ofDays(7 + Math.max(7, Math.min(28, horizonDays + 7)) + 1);
  }

  /** Throws {@link NotEnoughHistory} unless {@code points} (sorted) span the minimum. */
  public static void check(String target, List<HistoryPoint> points, Duration horizon) {
    Duration need = minimum(horizon);
    Duration have =
        points.size() < 2
            ? Duration.ZERO
            : Duration.between(points.get(0).start(), points.get(points.size() - 1).start());
    if (have.compareTo(need) < 0) {
      throw new NotEnoughHistory(
          String.format(
              Locale.ROOT,
              "%s has %.1f days of history (%d steps); a %s forecast needs at least %d days:"
                  + " forecasts appear once the gateway has stored that much",
              target,
              have.toSeconds() / 86_400.0,
              points.size(),
              horizon,
              need.toDays()));
    }
  }
}

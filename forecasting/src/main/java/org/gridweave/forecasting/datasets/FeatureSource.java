package org.gridweave.forecasting.datasets;

import java.time.LocalDateTime;

/**
 * Feature values of one row as seen from a forecast origin. Static features (measured weather) do
 * not depend on the origin; numerical weather forecasts do (TEST rows use the forecast issued at
 * the origin, TRAIN rows the latest issue before each hour).
 */
@FunctionalInterface
public interface FeatureSource {

  /**
   * @return one value per {@link SeriesTable#features()} entry, NaN where unknown
   */
  double[] at(SeriesTable.Series series, LocalDateTime time, LocalDateTime origin);

  /** The features stored in the table's series, whatever the origin. */
  static FeatureSource stored(SeriesTable table) {
    int n = table.features().size();
    return (series, time, origin) -> {
      double[] out = new double[n];
      for (int f = 0; f < n; f++) {
        out[f] = series.feature(f, time);
      }
      return out;
    };
  }
}

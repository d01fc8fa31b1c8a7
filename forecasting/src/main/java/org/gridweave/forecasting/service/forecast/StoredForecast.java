package org.gridweave.forecasting.service.forecast;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.DoubleStream;

/**
 * A model's forecast as stored with it: every step from the origin on, with the point forecast, the
 * two naive forecasts and a dense grid of quantiles ({@link #LEVELS}) from which any requested
 * quantile is read by interpolation. Values are Wh per step.
 *
 * @param starts step starts, epoch seconds, ascending
 * @param quantiles {@code [level][row]}, non-decreasing along the levels
 */
public record StoredForecast(
    long stepSeconds,
    long[] starts,
    double[] point,
    double[] week,
    double[] day,
    double[] levels,
    double[][] quantiles) {

  /** 0.01, 0.02, ..., 0.99. */
  public static final List<Double> LEVELS =
      DoubleStream.iterate(1, v -> v <= 99, v -> v + 1).mapToObj(v -> v / 100).toList();

  public int size() {
    return starts.length;
  }

  /** Makes every row's quantiles non-decreasing in the level (a guard; conformal ones are). */
  public static double[][] ordered(double[][] q) {
    double[][] out = new double[q.length][];
    for (int l = 0; l < q.length; l++) {
      out[l] = q[l].clone();
      if (l > 0) {
        for (int r = 0; r < out[l].length; r++) {
          out[l][r] = Math.max(out[l][r], out[l - 1][r]);
        }
      }
    }
    return out;
  }

  /**
   * The {@code level} quantile of row {@code row}, interpolated between stored levels.
   *
   * @throws IllegalArgumentException outside the stored levels' range
   */
  public double quantile(int row, double level) {
    if (level < levels[0] - 1e-9 || level > levels[levels.length - 1] + 1e-9) {
      throw new IllegalArgumentException(
          "quantile " + level + " is outside " + levels[0] + ".." + levels[levels.length - 1]);
    }
    int hi = 0;
    while (hi < levels.length - 1 && levels[hi] < level - 1e-9) {
      hi++;
    }
    if (Math.abs(levels[hi] - level) <= 1e-9 || hi == 0) {
      return quantiles[hi][row];
    }
    int lo = hi - 1;
    double w = (level - levels[lo]) / (levels[hi] - levels[lo]);
    return quantiles[lo][row] + w * (quantiles[hi][row] - quantiles[lo][row]);
  }

  /** Rows whose start lies in {@code [from, from + horizonSeconds)}. */
  public List<Integer> rows(Instant from, long horizonSeconds) {
    List<Integer> out = new ArrayList<>();
    long f = from.getEpochSecond();
    for (int r = 0; r < starts.length; r++) {
      if (starts[r] >= f && starts[r] < f + horizonSeconds) {
        out.add(r);
      }
    }
    return out;
  }
}

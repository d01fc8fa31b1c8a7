package org.gridweave.forecasting.engine;

import java.util.Locale;
import java.util.function.DoubleUnaryOperator;
import org.gridweave.forecasting.metrics.Scores;

/**
 * A correction of calibrated quantiles measured one validation window back inside the history (ADR
 * 0014's amendment and ADR 0020): the quantiles' distance from their median is multiplied by {@code
 * spread}, and only the share {@code keep} of the median's bias correction (the median backtest
 * residual that the calibration adds to the point forecast) is kept, the whole distribution moving
 * with its median.
 *
 * <p>A quantile {@code v} whose calibrated median is {@code m} for a point forecast {@code f}
 * becomes {@code c + spread · (v − m)} with the centre {@code c = f + keep · (m − f)} (the caller
 * clips it to the physical range). {@link #NONE} leaves every quantile exactly as calibrated.
 *
 * @param keep share of the median's correction of the point forecast kept, in [0, 1]
 * @param spread factor on every quantile's distance from the median, positive
 */
public record QuantileAdjustment(double keep, double spread) {
  /** No adjustment: the calibrated quantiles as they are. */
  public static final QuantileAdjustment NONE = new QuantileAdjustment(1, 1);

  public QuantileAdjustment {
    if (!(keep >= 0 && keep <= 1)) {
      throw new IllegalArgumentException("keep must be in [0, 1], was " + keep);
    }
    if (!(spread > 0) || Double.isInfinite(spread)) {
      throw new IllegalArgumentException("spread must be positive and finite, was " + spread);
    }
  }

  /** True when {@link #apply} returns the calibrated quantile itself. */
  public boolean isNone() {
    return keep == 1 && spread == 1;
  }

  /**
   * @param point the point forecast
   * @param median the calibrated median of that forecast
   * @param v the calibrated quantile to adjust
   * @return the adjusted quantile, not yet clipped to the physical range
   */
  public double apply(double point, double median, double v) {
    if (isNone()) {
      return v;
    }
    // keep == 1 takes the median itself, not point + (median − point), which may differ by a bit
    double centre = keep == 1 ? median : point + keep * (median - point);
    return centre + spread * (v - median);
  }

  /**
   * The adjustment chosen on a window of forecasts whose calibrated quantiles were fitted on an
   * earlier window.
   *
   * @param loss its mean pinball loss over the quantiles 0.01..0.99
   * @param fullCorrection the lowest such loss with the whole median correction kept
   * @param trace the losses of the spreads with the whole correction kept, for the log
   */
  record Choice(QuantileAdjustment best, double loss, double fullCorrection, String trace) {}

  /**
   * Tries every share in {@code keeps} with every factor in {@code spreads} and keeps the one with
   * the lowest mean pinball loss over the quantiles 0.01..0.99, the first of {@code keeps} (1: the
   * whole correction) unless another is strictly better.
   *
   * @param actual the window's actuals (NaN rows are skipped by the loss)
   * @param point the point forecasts of the window
   * @param median the calibrated medians of those forecasts
   * @param calibrated {@code [level − 1][row]}: the calibrated quantiles 0.01..0.99
   * @param fixed rows whose quantiles are not adjusted (PV at night: all 0)
   * @param clip the physical range
   */
  static Choice choose(
      double[] actual,
      double[] point,
      double[] median,
      double[][] calibrated,
      boolean[] fixed,
      DoubleUnaryOperator clip,
      double[] keeps,
      double[] spreads) {
    QuantileAdjustment best = NONE;
    double bestLoss = Double.POSITIVE_INFINITY;
    double fullCorrection = Double.POSITIVE_INFINITY;
    StringBuilder trace = new StringBuilder();
    double[] v = new double[actual.length];
    for (double keep : keeps) {
      for (double spread : spreads) {
        QuantileAdjustment adjustment = new QuantileAdjustment(keep, spread);
        double total = 0;
        for (int g = 1; g <= 99; g++) {
          double[] c = calibrated[g - 1];
          for (int i = 0; i < v.length; i++) {
            v[i] =
                fixed[i] ? c[i] : clip.applyAsDouble(adjustment.apply(point[i], median[i], c[i]));
          }
          total += Scores.pinball(actual, v, g / 100.0);
        }
        double loss = total / 99;
        if (keep == 1) {
          trace.append(String.format(Locale.ROOT, " %.2f:%.6g", spread, loss));
          fullCorrection = Math.min(fullCorrection, loss);
        }
        if (loss < bestLoss - 1e-12) {
          bestLoss = loss;
          best = adjustment;
        }
      }
    }
    return new Choice(best, bestLoss, fullCorrection, trace.toString());
  }
}

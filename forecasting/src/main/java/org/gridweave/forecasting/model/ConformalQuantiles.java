package org.gridweave.forecasting.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Quantiles from out-of-sample residuals (split conformal, Mondrian by forecast level and horizon):
 * a quantile forecast is the point forecast plus the empirical quantile of the residuals {@code
 * actual - forecast} that the same model made in a backtest, among forecasts of similar level and
 * horizon. Binning by level keeps intervals tight where the target is small (PV at night) and wide
 * where it is large; see docs/adr/0008-forecast-uncertainty.md.
 */
public final class ConformalQuantiles {
  private static final int MIN_PER_BIN = 40;

  private final double[] levelEdges;
  private final int[] horizonEdges;
  private final double[][] sortedResiduals; // [bin] → residuals sorted
  private final double[] allSorted;
  private final double lower;
  private final double upper;

  private ConformalQuantiles(
      double[] levelEdges,
      int[] horizonEdges,
      double[][] sortedResiduals,
      double[] allSorted,
      double lower,
      double upper) {
    this.levelEdges = levelEdges;
    this.horizonEdges = horizonEdges;
    this.sortedResiduals = sortedResiduals;
    this.allSorted = allSorted;
    this.lower = lower;
    this.upper = upper;
  }

  /**
   * @param forecast backtest point forecasts
   * @param actual their actuals (NaN rows are ignored)
   * @param horizon steps ahead of each forecast
   * @param day steps per day (horizon bins: first day, second day, later)
   * @param lower, upper the physical range to clip to (e.g. 0 for a non-negative target)
   */
  public static ConformalQuantiles fit(
      double[] forecast, double[] actual, int[] horizon, int day, double lower, double upper) {
    double[] residual = new double[forecast.length];
    for (int i = 0; i < forecast.length; i++) {
      residual[i] = actual[i] - forecast[i];
    }
    return binned(forecast, residual, horizon, day, lower, upper);
  }

  /**
   * Any residual-like values (e.g. residuals divided by a forecast of their size), binned by the
   * forecast level and horizon as in {@link #fit}; read them back with {@link #residual}.
   */
  public static ConformalQuantiles binned(
      double[] forecast, double[] residual, int[] horizon, int day, double lower, double upper) {
    List<double[]> pairs = new ArrayList<>();
    for (int i = 0; i < forecast.length; i++) {
      if (!Double.isNaN(residual[i]) && !Double.isNaN(forecast[i])) {
        pairs.add(new double[] {forecast[i], residual[i], horizon[i]});
      }
    }
    if (pairs.isEmpty()) {
      throw new IllegalArgumentException("no backtest residuals to calibrate quantiles with");
    }
    double[] levels = pairs.stream().mapToDouble(p -> p[0]).sorted().toArray();
    int levelBins = Math.max(1, Math.min(8, pairs.size() / (MIN_PER_BIN * 3)));
    // Edges at level quantiles, without repeats; a level equal to an edge belongs to the bin
    // below it, so a point mass (PV forecasts of exactly zero at night) gets a bin of its own.
    double[] levelEdges =
        java.util.stream.IntStream.range(1, levelBins)
            .mapToDouble(b -> levels[(int) ((long) b * levels.length / levelBins)])
            .distinct()
            .toArray();
    int[] horizonEdges = {day, 2 * day};
    int bins = levelBins * (horizonEdges.length + 1);
    List<List<Double>> byBin = new ArrayList<>();
    for (int b = 0; b < bins; b++) {
      byBin.add(new ArrayList<>());
    }
    double[] all = new double[pairs.size()];
    for (int i = 0; i < pairs.size(); i++) {
      double[] p = pairs.get(i);
      all[i] = p[1];
      byBin.get(bin(levelEdges, horizonEdges, p[0], (int) p[2])).add(p[1]);
    }
    Arrays.sort(all);
    double[][] sorted = new double[bins][];
    for (int b = 0; b < bins; b++) {
      List<Double> r = byBin.get(b);
      sorted[b] =
          r.size() < MIN_PER_BIN
              ? null
              : r.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
    return new ConformalQuantiles(levelEdges, horizonEdges, sorted, all, lower, upper);
  }

  private static int bin(double[] levelEdges, int[] horizonEdges, double level, int horizon) {
    int l = 0;
    while (l < levelEdges.length && level > levelEdges[l]) {
      l++;
    }
    int h = 0;
    while (h < horizonEdges.length && horizon > horizonEdges[h]) {
      h++;
    }
    return h * (levelEdges.length + 1) + l;
  }

  /**
   * The {@code q} quantile for a point forecast {@code forecast} made {@code horizon} steps ahead.
   */
  public double quantile(double forecast, int horizon, double q) {
    return clip(forecast + residual(forecast, horizon, q));
  }

  /** The {@code q} quantile of the residuals in the bin of {@code forecast} and {@code horizon}. */
  public double residual(double forecast, int horizon, double q) {
    double[] residuals = sortedResiduals[bin(levelEdges, horizonEdges, forecast, horizon)];
    if (residuals == null) {
      residuals = allSorted;
    }
    return empirical(residuals, q);
  }

  /** {@code v} clipped to the physical range. */
  public double clip(double v) {
    return Math.max(lower, Math.min(upper, v));
  }

  /** Linear interpolation between order statistics (type 7, numpy's default). */
  public static double empirical(double[] sorted, double q) {
    if (sorted.length == 1) {
      return sorted[0];
    }
    double pos = q * (sorted.length - 1);
    int i = (int) Math.floor(pos);
    int j = Math.min(sorted.length - 1, i + 1);
    return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
  }
}

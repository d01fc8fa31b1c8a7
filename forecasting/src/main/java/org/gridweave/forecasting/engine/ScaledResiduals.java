package org.gridweave.forecasting.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import org.gridweave.forecasting.metrics.Scores;
import org.gridweave.forecasting.model.ConformalQuantiles;
import org.gridweave.forecasting.model.Learner;
import org.gridweave.forecasting.model.Matrix;
import org.gridweave.forecasting.model.TribuoLearner;

/**
 * Locally adaptive (normalised) conformal quantiles: a small model forecasts how large the error of
 * each forecast will be from all its features and its level (so from the weather, not only from the
 * level), and the backtest residuals are calibrated in units of that forecast size.
 *
 * <p>The quantile {@code q} is {@code m + s(x) · Q_q(z)}, where {@code m} is the median of the
 * level-binned residuals ({@link ConformalQuantiles}, so P50 is unchanged), {@code s(x)} the
 * forecast error size and {@code z = (actual − m) / s} the scaled backtest residuals, binned by
 * level and horizon like the plain residuals. The size model is cross-fitted on two halves of the
 * backtest (by target day), so every calibration residual is scaled by a model that did not see it;
 * future rows use the mean of the two.
 *
 * <p>It is not used instead of the plain level bins but mixed with them: the quantile is {@code (1
 * − w) · plain + w · scaled}, with the share {@code w} from {@link #SHARES} that scores the lowest
 * mean pinball loss over the quantiles 0.01..0.99 on the backtest (ADR 0008, ADR 0024). The pinball
 * loss is convex in the quantile, so the mix is never worse on the backtest than the mean of the
 * two and the best share moves little when the data move a little, where a choice of one or the
 * other jumps (the level bins won by 0.8 % on one fold under one seed and lost under another).
 */
final class ScaledResiduals {
  /** Name of the extra column the size model sees: the point forecast. */
  static final String LEVEL = "forecast_level";

  private static final int TREES = 100;
  private static final int DEPTH = 4;
  private static final double FLOOR = 0.1; // of the mean absolute residual

  /**
   * Backtest residuals needed to try it: below this a size model fitted on half of them, and the
   * comparison with the plain bins, are mostly noise (a day-ahead backtest of one series has a few
   * hundred), and the two fits would only cost time.
   */
  static final int MIN_ROWS = 1000;

  /** Shares of the scaled quantiles tried, the plain level bins' share being the rest. */
  static final double[] SHARES = {0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1};

  private final List<Learner.Fitted> models;
  private final double unit;
  private final ConformalQuantiles z;
  private final double share;

  private ScaledResiduals(
      List<Learner.Fitted> models, double unit, ConformalQuantiles z, double share) {
    this.models = models;
    this.unit = unit;
    this.z = z;
    this.share = share;
  }

  /** The share of the scaled quantiles in the mix, in (0, 1]. */
  double share() {
    return share;
  }

  /** The same calibration mixed with another share of the scaled quantiles. */
  ScaledResiduals withShare(double other) {
    return new ScaledResiduals(models, unit, z, other);
  }

  /**
   * @param check the backtest rows (features and actuals)
   * @param forecast the chosen model's backtest forecasts of them
   * @param half 0 or 1 per row: the two halves of the cross-fit
   * @param plain the level-binned residual quantiles of the same backtest
   * @return the mixed quantiles, or null when the plain ones alone score best on the backtest (or
   *     there are too few residuals to fit the size models)
   */
  static ScaledResiduals fitMixed(
      Matrix check,
      double[] forecast,
      int[] horizon,
      int[] half,
      ConformalQuantiles plain,
      int day,
      int threads,
      long seed,
      Consumer<String> log) {
    int n = check.size();
    double[] actual = check.targets();
    double[] error = new double[n];
    double sum = 0;
    int known = 0;
    for (int i = 0; i < n; i++) {
      error[i] = actual[i] - (forecast[i] + plain.residual(forecast[i], horizon[i], 0.5));
      if (!Double.isNaN(error[i])) {
        sum += Math.abs(error[i]);
        known++;
      }
    }
    double unit = known == 0 ? 0 : sum / known;
    if (!(unit > 0) || known < MIN_ROWS) {
      return null;
    }
    for (int k = 0; k < 2; k++) {
      int fitRows = 0;
      for (int i = 0; i < n; i++) {
        fitRows += half[i] != k && !Double.isNaN(error[i]) ? 1 : 0;
      }
      if (fitRows < MIN_ROWS / 4 || fitRows == known) {
        return null;
      }
    }
    Matrix x = withLevel(check, forecast);
    double[] size = new double[n]; // cross-fitted
    List<Learner.Fitted> models = new ArrayList<>();
    for (int k = 0; k < 2; k++) {
      Learner.Fitted m = fitSize(x, error, half, k, unit, threads, seed);
      models.add(m);
      double[] predicted = m.predict(x);
      for (int i = 0; i < n; i++) {
        if (half[i] == k) {
          size[i] = Math.max(FLOOR, predicted[i]) * unit;
        }
      }
    }
    double[] scaledError = new double[n];
    for (int i = 0; i < n; i++) {
      scaledError[i] = error[i] / size[i];
    }
    ConformalQuantiles zq =
        ConformalQuantiles.binned(
            forecast,
            scaledError,
            horizon,
            day,
            Double.NEGATIVE_INFINITY,
            Double.POSITIVE_INFINITY);
    // Every share is scored over the quantiles 0.01..0.99; the two calibrations' quantiles of a
    // level are worked out once for all the shares.
    double[] losses = new double[SHARES.length];
    double[] level = new double[n];
    double[] alone = new double[n];
    double[] mixed = new double[n];
    for (int g = 1; g <= 99; g++) {
      double q = g / 100.0;
      for (int i = 0; i < n; i++) {
        level[i] = plain.quantile(forecast[i], horizon[i], q);
        alone[i] = scaledAlone(zq, plain, forecast[i], horizon[i], size[i], q);
      }
      for (int k = 0; k < SHARES.length; k++) {
        for (int i = 0; i < n; i++) {
          mixed[i] = mix(level[i], alone[i], SHARES[k]);
        }
        losses[k] += Scores.pinball(actual, mixed, q);
      }
    }
    int best = 0;
    for (int k = 0; k < SHARES.length; k++) {
      losses[k] /= 99;
      if (losses[k] < losses[best]) {
        best = k;
      }
    }
    log.accept(
        String.format(
            Locale.ROOT,
            "quantiles: backtest pinball %.6g with level bins, %.6g scaled by a forecast of the"
                + " error size, %.6g with a share of %.1f of the scaled",
            losses[0],
            losses[SHARES.length - 1],
            losses[best],
            SHARES[best]));
    return best == 0 ? null : new ScaledResiduals(models, unit, zq, SHARES[best]);
  }

  /** A size model of {@code |error| / unit}, fitted on the rows outside half {@code k}. */
  private static Learner.Fitted fitSize(
      Matrix x, double[] error, int[] half, int k, double unit, int threads, long seed) {
    List<Integer> fitRows = new ArrayList<>();
    for (int i = 0; i < error.length; i++) {
      if (half[i] != k && !Double.isNaN(error[i])) {
        fitRows.add(i);
      }
    }
    double[][] rows = new double[fitRows.size()][];
    double[] target = new double[fitRows.size()];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = x.rows()[fitRows.get(r)];
      target[r] = Math.abs(error[fitRows.get(r)]) / unit;
    }
    return TribuoLearner.xgboost(TREES, DEPTH, 0.1, 5, threads)
        .fit(new Matrix(x.names(), rows, target), seed + k);
  }

  /** The forecast error size of every row (the mean of the cross-fitted size models). */
  double[] scale(Matrix rows, double[] forecast) {
    Matrix x = withLevel(rows, forecast);
    double[] out = new double[x.size()];
    for (Learner.Fitted m : models) {
      double[] p = m.predict(x);
      for (int r = 0; r < out.length; r++) {
        out[r] += p[r] / models.size();
      }
    }
    for (int r = 0; r < out.length; r++) {
      out[r] = Math.max(FLOOR, out[r]) * unit;
    }
    return out;
  }

  /**
   * The {@code q} quantile of a forecast whose error size is {@code size}: the plain one and the
   * scaled one mixed by {@link #share()}; the median is the plain one exactly.
   */
  double quantile(ConformalQuantiles plain, double forecast, int horizon, double size, double q) {
    return mix(
        plain.quantile(forecast, horizon, q),
        scaledAlone(z, plain, forecast, horizon, size, q),
        share);
  }

  /** The level bins' quantile and the scaled one mixed: the plain median where the two agree. */
  private static double mix(double level, double alone, double share) {
    return level + share * (alone - level);
  }

  /** The quantile scaled by the error size alone, around the plain median. */
  private static double scaledAlone(
      ConformalQuantiles z,
      ConformalQuantiles plain,
      double forecast,
      int horizon,
      double size,
      double q) {
    double median = forecast + plain.residual(forecast, horizon, 0.5);
    double v = z.residual(forecast, horizon, q) - z.residual(forecast, horizon, 0.5);
    return plain.clip(median + v * size);
  }

  private static Matrix withLevel(Matrix m, double[] forecast) {
    String[] names = java.util.Arrays.copyOf(m.names(), m.names().length + 1);
    names[names.length - 1] = LEVEL;
    double[][] rows = new double[m.size()][];
    for (int r = 0; r < rows.length; r++) {
      rows[r] = java.util.Arrays.copyOf(m.rows()[r], names.length);
      rows[r][names.length - 1] = forecast[r];
    }
    return new Matrix(names, rows, m.targets());
  }
}

package org.gridweave.forecasting.engine;

import java.util.Arrays;
import java.util.List;
import org.gridweave.forecasting.model.ConformalQuantiles;
import org.gridweave.forecasting.model.FeatureSubset;
import org.gridweave.forecasting.model.Matrix;
import org.gridweave.forecasting.model.QuantileBoost;

/**
 * Quantiles from models trained on the pinball loss (ADR 0012), averaged level by level with the
 * residual quantiles, around the median of the point forecast: P50 stays the point model's median
 * (so MAE, RMSE and MAPE do not change), quantiles below it are capped at it and those above it
 * floored at it, all clipped to the physical range.
 */
final class QuantileModel {
  /** The levels the models are trained on; others are interpolated between them. */
  static final double[] LEVELS = {
    0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.975, 0.99
  };

  /**
   * One quantile model and the feature columns it sees.
   *
   * @param name for the log
   * @param columns indices into the engine's feature matrix
   */
  record Part(String name, QuantileBoost.Fitted model, int[] columns) {
    /** {@code [row][j]}: the quantiles at {@code qs}, then the model's own median. */
    double[][] predict(Matrix rows, double[] qs) {
      double[] withHalf = Arrays.copyOf(qs, qs.length + 1);
      withHalf[qs.length] = 0.5;
      return model.predict(FeatureSubset.view(rows, columns), withHalf);
    }
  }

  private final List<Part> parts;
  private final double[] weights;
  private final double spread;

  /**
   * @param weights of each part's quantiles in the level-by-level mean; the residual quantiles get
   *     the rest of 1
   * @param spread factor on each model's distances from its own median (above 1: wider)
   */
  QuantileModel(List<Part> parts, double[] weights, double spread) {
    this.parts = List.copyOf(parts);
    this.weights = weights.clone();
    this.spread = spread;
  }

  String describe() {
    StringBuilder b = new StringBuilder();
    for (int p = 0; p < parts.size(); p++) {
      b.append(String.format(java.util.Locale.ROOT, "%s %.2f, ", parts.get(p).name(), weights[p]));
    }
    return b.append(String.format(java.util.Locale.ROOT, "spread %.2f", spread)).toString();
  }

  /** The predictions of every part, to reuse across weightings of the same rows. */
  double[][][] predictParts(Matrix rows, double[] qs) {
    double[][][] out = new double[parts.size()][][];
    for (int p = 0; p < parts.size(); p++) {
      out[p] = parts.get(p).predict(rows, qs);
    }
    return out;
  }

  /**
   * @param median the median of each row's point forecast
   * @param residual {@code [row][j]}, the residual quantiles of the same rows at {@code qs}
   * @return {@code [row][j]}, the quantile at {@code qs[j]}
   */
  double[][] quantiles(
      Matrix rows, double[] median, double[] qs, double[][] residual, ConformalQuantiles range) {
    return combine(predictParts(rows, qs), median, qs, residual, range);
  }

  /** {@link #quantiles} from the parts' predictions. */
  double[][] combine(
      double[][][] predicted,
      double[] median,
      double[] qs,
      double[][] residual,
      ConformalQuantiles range) {
    double rest = 1;
    for (double w : weights) {
      rest -= w;
    }
    double[][] result = new double[median.length][qs.length];
    for (int r = 0; r < median.length; r++) {
      for (int j = 0; j < qs.length; j++) {
        double v = rest * residual[r][j];
        for (int p = 0; p < predicted.length; p++) {
          double own = predicted[p][r][qs.length];
          v += weights[p] * (own + spread * (predicted[p][r][j] - own));
        }
        if (qs[j] == 0.5) {
          v = median[r];
        } else if (qs[j] < 0.5) {
          v = Math.min(v, median[r]);
        } else {
          v = Math.max(v, median[r]);
        }
        result[r][j] = range.clip(v);
      }
    }
    return result;
  }

  QuantileModel with(List<Part> refitted) {
    return new QuantileModel(refitted, weights, spread);
  }

  QuantileModel with(double[] w, double s) {
    return new QuantileModel(parts, w, s);
  }

  List<Part> parts() {
    return parts;
  }

  double[] weights() {
    return weights.clone();
  }
}

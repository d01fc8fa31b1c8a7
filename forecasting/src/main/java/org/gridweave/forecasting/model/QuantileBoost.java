package org.gridweave.forecasting.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Several conditional quantiles from one XGBoost model trained on the pinball loss ({@code
 * reg:quantileerror} with an array of {@code quantile_alpha}, xgboost4j 2.x; Tribuo 4.3.2 has no
 * quantile objective, so this talks to xgboost4j directly). Quantiles between the trained levels
 * are interpolated linearly in the level; below the lowest and above the highest the end levels are
 * used. Each row's trained quantiles are sorted first, so they never cross.
 */
public final class QuantileBoost {
  private final double[] levels;
  private final int trees;
  private final int depth;
  private final double eta;
  private final int threads;

  /**
   * @param levels the quantile levels the model is trained on, strictly increasing in (0, 1)
   * @param trees boosting rounds (each round grows one tree per level)
   */
  public QuantileBoost(double[] levels, int trees, int depth, double eta, int threads) {
    if (levels.length == 0) {
      throw new IllegalArgumentException("at least one quantile level is needed");
    }
    for (int i = 0; i < levels.length; i++) {
      if (!(levels[i] > 0 && levels[i] < 1) || (i > 0 && levels[i] <= levels[i - 1])) {
        throw new IllegalArgumentException(
            "quantile levels must be strictly increasing in (0, 1): " + Arrays.toString(levels));
      }
    }
    this.levels = levels.clone();
    this.trees = trees;
    this.depth = depth;
    this.eta = eta;
    this.threads = threads;
  }

  /** A trained model: its quantiles at any level. */
  public interface Fitted {
    /**
     * @return {@code [row][j]}, the quantile at {@code qs[j]} of every row, non-decreasing in j
     *     when {@code qs} is increasing
     */
    double[][] predict(Matrix rows, double[] qs);

    /** The trainer and its parameters, as JSON. */
    String provenance();
  }

  /**
   * Trains on the rows with a known target (NaN features are missing values to XGBoost).
   *
   * @throws IllegalArgumentException when no row has a known target
   */
  public Fitted fit(Matrix train, long seed) {
    int width = train.names().length;
    int known = 0;
    for (double y : train.targets()) {
      known += Double.isNaN(y) ? 0 : 1;
    }
    if (known == 0) {
      throw new IllegalArgumentException("no rows with a known target to train on");
    }
    float[] data = new float[known * width];
    float[] label = new float[known];
    int r = 0;
    for (int i = 0; i < train.size(); i++) {
      if (Double.isNaN(train.targets()[i])) {
        continue;
      }
      copy(train.rows()[i], data, r * width);
      label[r++] = (float) train.targets()[i];
    }
    Map<String, Object> params = params(seed);
    try {
      DMatrix matrix = new DMatrix(data, known, width, Float.NaN);
      try {
        matrix.setLabel(label);
        Booster booster = XGBoost.train(matrix, params, trees, Map.of(), null, null);
        return new FittedBooster(booster, width, provenance(params));
      } finally {
        matrix.dispose();
      }
    } catch (XGBoostError e) {
      throw new IllegalStateException("XGBoost quantile training failed: " + e.getMessage(), e);
    }
  }

  private Map<String, Object> params(long seed) {
    StringJoiner alpha = new StringJoiner(",", "[", "]");
    for (double l : levels) {
      alpha.add(Double.toString(l));
    }
    Map<String, Object> p = new HashMap<>();
    p.put("objective", "reg:quantileerror");
    p.put("quantile_alpha", alpha.toString());
    p.put("tree_method", "hist");
    p.put("max_depth", depth);
    p.put("eta", eta);
    p.put("subsample", 0.8);
    p.put("colsample_bytree", 0.8);
    p.put("min_child_weight", 1);
    p.put("nthread", threads);
    p.put("seed", seed);
    p.put("verbosity", 0);
    return p;
  }

  private String provenance(Map<String, Object> params) {
    StringJoiner j = new StringJoiner(",", "{", "}");
    j.add("\"trainer\":\"xgboost4j reg:quantileerror\"");
    j.add("\"rounds\":" + trees);
    params.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(e -> j.add("\"" + e.getKey() + "\":\"" + e.getValue() + "\""));
    return j.toString();
  }

  private static void copy(double[] row, float[] data, int offset) {
    for (int c = 0; c < row.length; c++) {
      data[offset + c] = (float) row[c];
    }
  }

  private final class FittedBooster implements Fitted {
    private final Booster booster;
    private final int width;
    private final String provenance;

    FittedBooster(Booster booster, int width, String provenance) {
      this.booster = booster;
      this.width = width;
      this.provenance = provenance;
    }

    @Override
    public double[][] predict(Matrix rows, double[] qs) {
      if (rows.names().length != width) {
        throw new IllegalArgumentException(
            "expected " + width + " feature columns, got " + rows.names().length);
      }
      int n = rows.size();
      double[][] out = new double[n][qs.length];
      if (n == 0) {
        return out;
      }
      float[] data = new float[n * width];
      for (int i = 0; i < n; i++) {
        copy(rows.rows()[i], data, i * width);
      }
      float[][] raw;
      try {
        DMatrix matrix = new DMatrix(data, n, width, Float.NaN);
        try {
          raw = booster.predict(matrix);
        } finally {
          matrix.dispose();
        }
      } catch (XGBoostError e) {
        throw new IllegalStateException("XGBoost quantile prediction failed: " + e.getMessage(), e);
      }
      double[] trained = new double[levels.length];
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < levels.length; k++) {
          trained[k] = raw[i][k];
        }
        Arrays.sort(trained);
        for (int j = 0; j < qs.length; j++) {
          out[i][j] = interpolate(levels, trained, qs[j]);
        }
      }
      return out;
    }

    @Override
    public String provenance() {
      return provenance;
    }
  }

  /** Linear in the level between the trained levels; the end values outside them. */
  static double interpolate(double[] levels, double[] values, double q) {
    if (q <= levels[0]) {
      return values[0];
    }
    int last = levels.length - 1;
    if (q >= levels[last]) {
      return values[last];
    }
    int k = 0;
    while (levels[k + 1] < q) {
      k++;
    }
    double w = (q - levels[k]) / (levels[k + 1] - levels[k]);
    return values[k] + w * (values[k + 1] - values[k]);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "QuantileBoost(levels=%s, trees=%d, depth=%d, eta=%s)",
        Arrays.toString(levels),
        trees,
        depth,
        eta);
  }
}

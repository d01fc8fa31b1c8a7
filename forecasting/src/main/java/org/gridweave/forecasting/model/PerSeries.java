package org.gridweave.forecasting.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One model per series instead of one across them: rows are routed by the series indicator columns
 * ({@code series=ID}, 1 for the row's own series) and each series gets its own fit of the base
 * learner. Rows without an indicator set (or a series too small to fit) use a model fitted on all
 * rows.
 */
public final class PerSeries implements Learner {
  /** Prefix of the series indicator columns (FeatureBuilder). */
  public static final String INDICATOR = "series=";

  /** Rows a series needs for a model of its own. */
  static final int MIN_ROWS = 500;

  private final String name;
  private final Learner base;

  public PerSeries(String name, Learner base) {
    this.name = name;
    this.base = base;
  }

  @Override
  public String name() {
    return name;
  }

  /** True when the rows carry at least two series indicators. */
  public static boolean applies(String[] names) {
    return indicators(names).size() >= 2;
  }

  @Override
  public Fitted fit(Matrix train, long seed) {
    List<Integer> columns = indicators(train.names());
    Map<Integer, Fitted> models = new LinkedHashMap<>();
    for (int c : columns) {
      List<Integer> rows = new ArrayList<>();
      for (int r = 0; r < train.size(); r++) {
        if (train.rows()[r][c] == 1 && !Double.isNaN(train.targets()[r])) {
          rows.add(r);
        }
      }
      if (rows.size() >= MIN_ROWS) {
        models.put(c, base.fit(subset(train, rows), seed));
      }
    }
    Fitted pooled = models.size() == columns.size() ? null : base.fit(train, seed);
    return new Fitted() {
      @Override
      public double[] predict(Matrix rows) {
        double[] out = new double[rows.size()];
        List<Integer> rest = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
          rest.add(r);
        }
        for (Map.Entry<Integer, Fitted> e : models.entrySet()) {
          List<Integer> mine = new ArrayList<>();
          List<Integer> others = new ArrayList<>();
          for (int r : rest) {
            (rows.rows()[r][e.getKey()] == 1 ? mine : others).add(r);
          }
          if (!mine.isEmpty()) {
            double[] p = e.getValue().predict(subset(rows, mine));
            for (int k = 0; k < p.length; k++) {
              out[mine.get(k)] = p[k];
            }
          }
          rest = others;
        }
        if (!rest.isEmpty()) {
          double[] p = pooled.predict(subset(rows, rest));
          for (int k = 0; k < p.length; k++) {
            out[rest.get(k)] = p[k];
          }
        }
        return out;
      }

      @Override
      public String provenance() {
        StringBuilder b = new StringBuilder("[");
        for (Fitted f : models.values()) {
          b.append(b.length() > 1 ? "," : "").append(f.provenance());
        }
        return b.append(']').toString();
      }
    };
  }

  private static List<Integer> indicators(String[] names) {
    List<Integer> out = new ArrayList<>();
    for (int c = 0; c < names.length; c++) {
      if (names[c].startsWith(INDICATOR)) {
        out.add(c);
      }
    }
    return out;
  }

  private static Matrix subset(Matrix m, List<Integer> rows) {
    double[][] x = new double[rows.size()][];
    double[] y = new double[rows.size()];
    for (int k = 0; k < x.length; k++) {
      x[k] = m.rows()[rows.get(k)];
      y[k] = m.targets()[rows.get(k)];
    }
    return new Matrix(m.names(), x, y);
  }
}

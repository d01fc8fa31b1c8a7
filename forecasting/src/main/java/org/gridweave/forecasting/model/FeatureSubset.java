package org.gridweave.forecasting.model;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * A learner that sees only some of the feature columns (by name): the same model family on a
 * narrower view of the rows, e.g. weather and calendar without the target's own lags.
 */
public final class FeatureSubset implements Learner {
  private final String name;
  private final Learner base;
  private final Predicate<String> keep;

  public FeatureSubset(String name, Learner base, Predicate<String> keep) {
    this.name = name;
    this.base = base;
    this.keep = keep;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Fitted fit(Matrix train, long seed) {
    int[] columns = columns(train.names());
    Fitted fitted = base.fit(view(train, columns), seed);
    return new Fitted() {
      @Override
      public double[] predict(Matrix rows) {
        return fitted.predict(view(rows, columns(rows.names())));
      }

      @Override
      public String provenance() {
        return fitted.provenance();
      }
    };
  }

  private int[] columns(String[] names) {
    List<Integer> kept = new ArrayList<>();
    for (int c = 0; c < names.length; c++) {
      if (keep.test(names[c])) {
        kept.add(c);
      }
    }
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(name + ": no feature column left");
    }
    return kept.stream().mapToInt(Integer::intValue).toArray();
  }

  /** The rows restricted to {@code columns}, in that order. */
  static Matrix view(Matrix m, int[] columns) {
    String[] names = new String[columns.length];
    for (int c = 0; c < columns.length; c++) {
      names[c] = m.names()[columns[c]];
    }
    double[][] rows = new double[m.size()][columns.length];
    for (int r = 0; r < m.size(); r++) {
      double[] from = m.rows()[r];
      for (int c = 0; c < columns.length; c++) {
        rows[r][c] = from[columns[c]];
      }
    }
    return new Matrix(names, rows, m.targets());
  }
}

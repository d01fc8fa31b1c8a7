package org.gridweave.forecasting.model;

import java.util.ArrayList;
import java.util.List;

/**
 * A learner of the target divided by a non-negative feature column, its scale (for PV: the
 * top-of-atmosphere energy of the hour, so the model learns a clearness index, ADR 0014); forecasts
 * are the model's ratio times the scale. Trees cannot extrapolate: a PV model trained on winter and
 * spring days caps its noon forecast of a summer day at the highest noon it saw, while a ratio
 * times the summer's higher sun does not. Rows whose scale is below {@code minFraction} of the
 * largest scale in the training rows carry too little signal for a ratio: they are left out of
 * training and forecast as 0.
 */
public final class ScaledTarget implements Learner {
  private final String name;
  private final Learner base;
  private final String column;
  private final double minFraction;

  public ScaledTarget(String name, Learner base, String column, double minFraction) {
    if (!(minFraction > 0 && minFraction < 1)) {
      throw new IllegalArgumentException("minFraction must be in (0, 1): " + minFraction);
    }
    this.name = name;
    this.base = base;
    this.column = column;
    this.minFraction = minFraction;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Fitted fit(Matrix train, long seed) {
    int c = index(train.names());
    double unit = 0;
    for (double[] row : train.rows()) {
      if (row[c] > unit) {
        unit = row[c];
      }
    }
    if (!(unit > 0)) {
      throw new IllegalArgumentException(
          name + ": the scale column '" + column + "' is never positive in the training rows");
    }
    double scaleUnit = unit;
    List<double[]> rows = new ArrayList<>();
    List<Double> targets = new ArrayList<>();
    for (int r = 0; r < train.size(); r++) {
      double s = train.rows()[r][c] / scaleUnit;
      double y = train.targets()[r];
      if (s >= minFraction && !Double.isNaN(y)) {
        rows.add(train.rows()[r]);
        targets.add(y / s);
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(
          name + ": no training row has a scale of at least " + minFraction + " of its largest");
    }
    Fitted fitted =
        base.fit(
            new Matrix(
                train.names(),
                rows.toArray(double[][]::new),
                targets.stream().mapToDouble(Double::doubleValue).toArray()),
            seed);
    return new Fitted() {
      @Override
      public double[] predict(Matrix m) {
        int col = index(m.names());
        double[] ratio = fitted.predict(m);
        double[] out = new double[m.size()];
        for (int r = 0; r < out.length; r++) {
          double s = m.rows()[r][col] / scaleUnit;
          out[r] = s >= minFraction ? ratio[r] * s : 0;
        }
        return out;
      }

      @Override
      public String provenance() {
        return "{\"scaled_by\":\""
            + column
            + "\",\"unit\":"
            + scaleUnit
            + ",\"model\":"
            + fitted.provenance()
            + "}";
      }
    };
  }

  private int index(String[] names) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(column)) {
        return i;
      }
    }
    throw new IllegalArgumentException(name + ": no feature column '" + column + "'");
  }
}

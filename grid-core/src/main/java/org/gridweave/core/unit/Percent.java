package org.gridweave.core.unit;

/** A share between 0 and 100 percent, e.g. a battery's state of charge or a curtailment level. */
public record Percent(double value) implements Comparable<Percent> {
  public static final Percent ZERO = new Percent(0);
  public static final Percent HUNDRED = new Percent(100);

  public Percent {
    Quantities.requireFiniteNonNegative(value, "percentage", "%");
    if (value > 100.0) {
      throw new IllegalArgumentException("percentage must be at most 100 %, was " + value + " %");
    }
  }

  public static Percent of(double value) {
    return new Percent(value);
  }

  public double fraction() {
    return value / 100.0;
  }

  @Override
  public int compareTo(Percent o) {
    return Double.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Quantities.format(value) + " %";
  }
}

package org.gridweave.core.unit;

/** Grid frequency in hertz. */
public record Hertz(double value) {
  public Hertz {
    Quantities.requireFiniteNonNegative(value, "frequency", "Hz");
  }

  public static Hertz of(double value) {
    return new Hertz(value);
  }

  @Override
  public String toString() {
    return Quantities.format(value) + " Hz";
  }
}

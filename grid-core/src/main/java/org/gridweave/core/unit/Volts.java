package org.gridweave.core.unit;

/** RMS voltage in volts. */
public record Volts(double value) {
  public Volts {
    Quantities.requireFiniteNonNegative(value, "voltage", "V");
  }

  public static Volts of(double value) {
    return new Volts(value);
  }

  @Override
  public String toString() {
    return Quantities.format(value) + " V";
  }
}

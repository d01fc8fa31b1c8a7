package org.gridweave.core.unit;

/**
 * Active power in watts. Finite and non-negative: the direction of a flow (import or export, charge
 * or discharge) is carried by the name of the quantity, never by its sign.
 */
public record Watts(double value) implements Comparable<Watts> {
  public static final Watts ZERO = new Watts(0);

  public Watts {
    Quantities.requireFiniteNonNegative(value, "power", "W");
  }

  public static Watts of(double value) {
    return new Watts(value);
  }

  public static Watts kilowatts(double kw) {
    return new Watts(kw * 1000.0);
  }

  public double kilowatts() {
    return value / 1000.0;
  }

  public Watts plus(Watts other) {
    return new Watts(value + other.value);
  }

  public Watts min(Watts other) {
    return value <= other.value ? this : other;
  }

  public boolean exceeds(Watts other) {
    return value > other.value;
  }

  @Override
  public int compareTo(Watts o) {
    return Double.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Quantities.format(value) + " W";
  }
}

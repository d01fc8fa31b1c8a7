package org.gridweave.core.unit;

/** Energy in watt-hours: a counter reading or an amount of energy. Finite and non-negative. */
public record WattHours(double value) implements Comparable<WattHours> {
  public static final WattHours ZERO = new WattHours(0);

  public WattHours {
    Quantities.requireFiniteNonNegative(value, "energy", "Wh");
  }

  public static WattHours of(double value) {
    return new WattHours(value);
  }

  public static WattHours kilowattHours(double kwh) {
    return new WattHours(kwh * 1000.0);
  }

  public double kilowattHours() {
    return value / 1000.0;
  }

  public WattHours plus(WattHours other) {
    return new WattHours(value + other.value);
  }

  /** The energy that flows at {@code power} for {@code seconds}. */
  public static WattHours of(Watts power, double seconds) {
    return new WattHours(power.value() * seconds / 3600.0);
  }

  public boolean isBefore(WattHours other) {
    return value < other.value;
  }

  @Override
  public int compareTo(WattHours o) {
    return Double.compare(value, o.value);
  }

  @Override
  public String toString() {
    return Quantities.format(value) + " Wh";
  }
}

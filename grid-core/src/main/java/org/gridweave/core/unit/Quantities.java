package org.gridweave.core.unit;

final class Quantities {
  private Quantities() {}

  static void requireFiniteNonNegative(double value, String what, String unit) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException(
          what + " must be a finite number of " + unit + ", was " + value);
    }
    if (value < 0) {
      throw new IllegalArgumentException(what + " must not be negative, was " + value + " " + unit);
    }
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e15
        ? Long.toString((long) value)
        : Double.toString(value);
  }
}

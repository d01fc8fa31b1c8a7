package org.gridweave.simulations.output;

/**
 * Fixed-decimal formatting without {@code String.format} (CSV rows are written millions of times).
 */
final class Decimals {
  private static final long[] POW = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000};

  private Decimals() {}

  static StringBuilder append(StringBuilder sb, double v, int decimals) {
    long scaled = Math.round(Math.abs(v) * POW[decimals]);
    if (v < 0 && scaled != 0) {
      sb.append('-');
    }
    sb.append(scaled / POW[decimals]);
    if (decimals > 0) {
      sb.append('.');
      String frac = Long.toString(scaled % POW[decimals]);
      for (int k = frac.length(); k < decimals; k++) {
        sb.append('0');
      }
      sb.append(frac);
    }
    return sb;
  }
}

package org.gridweave.simulations.engine;

import java.time.Instant;
import java.util.Locale;

/**
 * The balances every step must keep, checked with a tolerance of {@value #TOLERANCE_KWH} kWh per
 * balance (floating-point sums of thousands of sites, never a physical allowance):
 *
 * <ol>
 *   <li>per site: grid import − export = demand + charge − discharge − PV used − wind;
 *   <li>per battery: stored energy change = √η·charge − discharge/√η (× step), within its SoC
 *       bounds;
 *   <li>per feeder: flow = sum of its sites' nets; transformer import − export = sum of the feeder
 *       flows = sum of all sites' imports − exports;
 *   <li>the neighbourhood: imports + PV used + wind + discharge = demand + exports + charge;
 *   <li>the market: energy bought = energy sold (Wh), and buyers' payments = sellers' receipts +
 *       grid fees (exact, in millionths).
 * </ol>
 */
final class Conservation {
  static final double TOLERANCE_KWH = 1e-6;

  private double worst;
  private long checks;

  double worstResidualKwh() {
    return worst;
  }

  long checks() {
    return checks;
  }

  /**
   * @param site the prosumer the balance is about, or -1 for a neighbourhood balance (the message
   *     is only built on failure: this runs millions of times)
   */
  void check(Instant at, String what, int site, double left, double right) {
    double r = Math.abs(left - right);
    checks++;
    if (r > worst) {
      worst = r;
    }
    if (!(r <= TOLERANCE_KWH)) {
      throw new ConservationViolation(
          String.format(
              Locale.ROOT,
              "energy conservation violated at %s: %s%s (%.9f kWh vs %.9f kWh, off by %.3g)",
              at,
              site >= 0 ? "prosumer " + site + ": " : "",
              what,
              left,
              right,
              r));
    }
  }

  void checkExact(Instant at, String what, long left, long right) {
    checks++;
    if (left != right) {
      throw new ConservationViolation(
          "conservation violated at " + at + ": " + what + " (" + left + " vs " + right + ")");
    }
  }

  void checkWithin(Instant at, String what, int site, double value, double low, double high) {
    checks++;
    if (value < low - TOLERANCE_KWH || value > high + TOLERANCE_KWH) {
      throw new ConservationViolation(
          String.format(
              Locale.ROOT,
              "battery bound violated at %s: prosumer %d: %s %.9f kWh outside [%.6f, %.6f]",
              at,
              site,
              what,
              value,
              low,
              high));
    }
  }
}

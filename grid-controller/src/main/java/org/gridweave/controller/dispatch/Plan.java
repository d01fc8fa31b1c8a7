package org.gridweave.controller.dispatch;

import java.util.List;

/**
 * A plan over the horizon: for every site and step, average powers in kW (import, export, battery
 * charge and discharge, PV curtailed, flexible load served), the battery's energy at the end of the
 * step in kWh, and what could not be kept (import/export above the connection limit, flexible
 * energy not served). Arrays are indexed {@code [site][step]} in {@link DispatchProblem#sites()}
 * order. Only step 0 is applied; the rest shows where the plan is heading.
 *
 * <p>Shadow prices are in currency per kWh: what one more kWh of capacity on that row at that step
 * would save. {@code feederShadow[f][t]} is positive when the feeder's import limit binds, negative
 * when its reverse-flow limit binds; {@code transformerShadow} likewise.
 */
public final class Plan {
  public final String method;
  public final double[][] importKw;
  public final double[][] exportKw;
  public final double[][] importOverLimitKw;
  public final double[][] exportOverLimitKw;
  public final double[][] chargeKw;
  public final double[][] dischargeKw;
  public final double[][] energyKwh;
  public final double[][] curtailKw;
  public final double[][] flexKw;
  public final double[][] flexUnservedKwh;
  public final double[][] feederShadow;
  public final double[] transformerShadow;
  public final double[][] importLimitShadow;
  public final double[][] exportLimitShadow;
  private Stats stats;

  /** How the plan was made: LP sizes of the full formulation and what was actually solved. */
  public record Stats(
      long variables,
      long constraints,
      int lpSolves,
      int coupledFeeders,
      int transformerRounds,
      long siteMillis,
      long coupledMillis,
      List<String> notes) {}

  Plan(String method, int sites, int feeders, int steps, double[][] flexUnservedKwh) {
    this.method = method;
    this.importKw = new double[sites][steps];
    this.exportKw = new double[sites][steps];
    this.importOverLimitKw = new double[sites][steps];
    this.exportOverLimitKw = new double[sites][steps];
    this.chargeKw = new double[sites][steps];
    this.dischargeKw = new double[sites][steps];
    this.energyKwh = new double[sites][steps];
    this.curtailKw = new double[sites][steps];
    this.flexKw = new double[sites][steps];
    this.flexUnservedKwh = flexUnservedKwh;
    this.feederShadow = new double[feeders][steps];
    this.transformerShadow = new double[steps];
    this.importLimitShadow = new double[sites][steps];
    this.exportLimitShadow = new double[sites][steps];
  }

  /** Records how the plan was made, once, when its maker is done (no copy of the arrays). */
  Plan withStats(Stats s) {
    if (stats != null) {
      throw new IllegalStateException("the plan's stats are already set");
    }
    stats = s;
    return this;
  }

  public Stats stats() {
    return stats;
  }

  /** The site's exchange with the grid at step t: import minus export, kW. */
  public double netKw(int site, int t) {
    return importKw[site][t]
        + importOverLimitKw[site][t]
        - exportKw[site][t]
        - exportOverLimitKw[site][t];
  }

  /**
   * Sum of the sites' exchange on one feeder (positive: the feeder imports from the substation).
   */
  public double feederFlowKw(DispatchProblem p, int feeder, int t) {
    double sum = 0;
    for (DispatchProblem.SiteInputs s : p.sitesByFeeder().get(feeder)) {
      sum += netKw(s.index, t);
    }
    return sum;
  }

  public double transformerFlowKw(DispatchProblem p, int t) {
    double sum = 0;
    for (int s = 0; s < importKw.length; s++) {
      sum += netKw(s, t);
    }
    return sum;
  }
}

package org.gridweave.controller.dispatch;

import java.util.ArrayList;
import java.util.List;
import org.gridweave.controller.dispatch.DispatchProblem.SiteInputs;

/**
 * Checks a plan against the problem's constraints, independently of whoever made it, and prices it.
 * Used on every decision (a plan that breaks a limit is reported as degraded), by the benchmark
 * ({@code max_violation}) and by the tests.
 */
public final class PlanChecker {

  /** One broken constraint: what, where, by how much (kW or kWh, as the constraint's unit). */
  public record Violation(String constraint, String subject, int step, double amount) {}

  /**
   * The check's verdict. {@code maxSolverViolation} covers what a solver could get wrong (balance,
   * bounds, battery dynamics); {@code maxLimitExcess} (kW) the connection, feeder and transformer
   * limits a plan may knowingly exceed when no plan can keep them; {@code flexShortKwh} the
   * flexible energy its windows will not get; {@code missedTradeKwh} the market commitments the
   * plan does not deliver (sold energy not exported plus bought energy not imported).
   */
  public record Report(
      double maxSolverViolation,
      double maxLimitExcess,
      double flexShortKwh,
      double missedTradeKwh,
      List<Violation> violations) {
    public boolean keepsEveryLimit() {
      return maxSolverViolation <= 1e-4 && maxLimitExcess <= 1e-4;
    }
  }

  private static final double TOL = 1e-6;

  public static Report check(DispatchProblem p, Plan plan) {
    List<Violation> out = new ArrayList<>();
    double solver = 0;
    double limits = 0;
    double flexShort = 0;
    double missedTrades = 0;
    double h = p.stepHours();
    for (SiteInputs s : p.sites()) {
      int i = s.index;
      String id = s.site.id().value();
      double previous = s.energy0;
      for (int t = 0; t < p.steps(); t++) {
        double imp = plan.importKw[i][t];
        double exp = plan.exportKw[i][t];
        double ch = plan.chargeKw[i][t];
        double dis = plan.dischargeKw[i][t];
        double cur = plan.curtailKw[i][t];
        double fl = plan.flexKw[i][t];
        double e = plan.energyKwh[i][t];
        double balance =
            plan.netKw(i, t) - (s.demand[t] + fl + ch - dis - (s.pv[t] - cur) - s.wind[t]);
        solver = worst(out, solver, "balance", id, t, Math.abs(balance));
        solver =
            worst(out, solver, "bounds", id, t, -Math.min(Math.min(imp, exp), Math.min(ch, dis)));
        solver = worst(out, solver, "bounds", id, t, -Math.min(Math.min(cur, fl), 0));
        solver = worst(out, solver, "curtailment", id, t, cur - s.pv[t]);
        solver = worst(out, solver, "battery_charge", id, t, ch - s.chargeMax);
        solver = worst(out, solver, "battery_discharge", id, t, dis - s.dischargeMax);
        solver =
            worst(
                out, solver, "flexible_load", id, t, fl - (s.windowOfStep[t] >= 0 ? s.flexMax : 0));
        if (s.hasBattery) {
          double dyn = e - previous - h * (s.eta * ch - dis / s.eta);
          solver = worst(out, solver, "battery_energy", id, t, Math.abs(dyn));
          solver = worst(out, solver, "soc_bounds", id, t, s.energyLow() - e);
          solver = worst(out, solver, "soc_bounds", id, t, e - s.energyHigh());
          previous = e;
        }
        if (s.hasCommitments()) {
          missedTrades += shortfallKwh(plan, s, t, h) + surplusKwh(plan, s, t, h);
          // gross flows only as far as something in the site produces or absorbs them
          double sources = s.pv[t] - cur + s.wind[t] + dis;
          double sinks = s.demand[t] + fl + ch;
          solver =
              worst(
                  out, solver, "gross_export", id, t, exp + plan.exportOverLimitKw[i][t] - sources);
          solver =
              worst(out, solver, "gross_import", id, t, imp + plan.importOverLimitKw[i][t] - sinks);
        }
        limits =
            worst(
                out,
                limits,
                "site_import_limit",
                id,
                t,
                imp + plan.importOverLimitKw[i][t] - s.importLimit);
        limits =
            worst(
                out,
                limits,
                "site_export_limit",
                id,
                t,
                exp + plan.exportOverLimitKw[i][t] - s.exportLimit);
      }
      for (int w = 0; w < s.windows.size(); w++) {
        FlexWindow fw = s.windows.get(w);
        double served = 0;
        for (int t = fw.from(); t < fw.to(); t++) {
          served += plan.flexKw[i][t] * h;
        }
        flexShort += Math.max(0, fw.requiredKwh() - served);
        worst(out, 0, "flexible_energy", id, fw.from(), fw.requiredKwh() - served);
        solver =
            worst(
                out,
                solver,
                "flexible_energy_accounting",
                id,
                fw.from(),
                Math.abs(fw.requiredKwh() - served - plan.flexUnservedKwh[i][w])
                    * (fw.requiredKwh() > 0 ? 1 : 0));
      }
    }
    for (int f = 0; f < p.grid().feeders().size(); f++) {
      String id = p.grid().feeders().get(f).id().value();
      for (int t = 0; t < p.steps(); t++) {
        double flow = plan.feederFlowKw(p, f, t);
        limits = worst(out, limits, "feeder_import_limit", id, t, flow - p.feederImportCap(f, t));
        limits = worst(out, limits, "feeder_reverse_limit", id, t, -flow - p.feederExportCap(f, t));
      }
    }
    for (int t = 0; t < p.steps(); t++) {
      double flow = plan.transformerFlowKw(p, t);
      limits =
          worst(
              out,
              limits,
              "transformer_import_limit",
              "transformer",
              t,
              flow - p.transformerImportCap(t));
      limits =
          worst(
              out,
              limits,
              "transformer_reverse_limit",
              "transformer",
              t,
              -flow - p.transformerExportCap(t));
    }
    return new Report(solver, limits, flexShort, missedTrades, List.copyOf(out));
  }

  /**
   * Sold energy the plan does not export at step t (kWh). The meter's export register counts the
   * net export (a plan's flows are constant over a step), and the delivery check settles on it.
   */
  static double shortfallKwh(Plan plan, SiteInputs s, int t, double h) {
    return Math.max(0, s.sold(t) - h * Math.max(0, -plan.netKw(s.index, t)));
  }

  /** Bought energy the plan does not import at step t (kWh), on the net import register. */
  static double surplusKwh(Plan plan, SiteInputs s, int t, double h) {
    return Math.max(0, s.bought(t) - h * Math.max(0, plan.netKw(s.index, t)));
  }

  private static double worst(
      List<Violation> out, double so_far, String what, String subject, int t, double amount) {
    if (amount > TOL) {
      if (out.size() < 1000) {
        out.add(new Violation(what, subject, t, amount));
      }
      return Math.max(so_far, amount);
    }
    return so_far;
  }

  /**
   * What the plan costs: import bought minus export sold, plus the curtailment and wear charges,
   * minus the value of the energy the batteries gained over the horizon (at the problem's terminal
   * value), so plans that end with different states compare fairly; flexible energy not served
   * within its window counts at the unserved-energy price. Penalties for broken limits are not
   * money and are not included. Market trades are paid as cleared whatever the plan does, so only
   * the grid side counts: energy within a site's trades is neither bought from nor sold to the
   * grid; a seller's shortfall costs the import price plus the delivery penalty, a buyer's untaken
   * energy earns the export price minus it (as {@code market.DeliveryCheck} settles them).
   */
  public static double cost(DispatchProblem p, Plan plan) {
    double h = p.stepHours();
    double total = 0;
    DispatchSettings cfg = p.settings();
    for (SiteInputs s : p.sites()) {
      int i = s.index;
      for (int t = 0; t < p.steps(); t++) {
        double imported = h * (plan.importKw[i][t] + plan.importOverLimitKw[i][t]);
        double exported = h * (plan.exportKw[i][t] + plan.exportOverLimitKw[i][t]);
        if (s.hasCommitments()) {
          // settled on the registers (net flow): energy within a trade is the trade's, the grid
          // sees only what exceeds it
          double net = plan.netKw(i, t);
          double penalty = p.deliveryPenaltyPerKwh();
          total += (p.importPrice(t) + penalty) * shortfallKwh(plan, s, t, h);
          total -= (p.exportPrice(t) - penalty) * surplusKwh(plan, s, t, h);
          imported = Math.max(0, h * Math.max(0, net) - s.bought(t));
          exported = Math.max(0, h * Math.max(0, -net) - s.sold(t));
        }
        total += p.importPrice(t) * imported;
        total -= p.exportPrice(t) * exported;
        total += h * s.curtailmentCost * plan.curtailKw[i][t];
        total += h * cfg.batteryWearPerKwh() * (plan.chargeKw[i][t] + plan.dischargeKw[i][t]);
      }
      for (double u : plan.flexUnservedKwh[i]) {
        total += cfg.unservedFlexPenaltyPerKwh() * u;
      }
      for (FlexWindow w : s.windows) {
        if (!w.closesInHorizon()) {
          // served ahead of a window that closes after the horizon: energy the site would buy later
          // anyway, worth at least the horizon's lowest import price (as energy left in a battery)
          double early = 0;
          for (int t = w.from(); t < w.to(); t++) {
            early += plan.flexKw[i][t] * h;
          }
          total -= p.lowestImportPrice() * Math.min(early, w.dueKwh());
        }
      }
      if (s.hasBattery) {
        total -= p.terminalValuePerKwh(s) * (plan.energyKwh[i][p.steps() - 1] - s.energy0);
      }
    }
    return total;
  }

  private PlanChecker() {}
}

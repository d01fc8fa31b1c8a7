package org.gridweave.controller.dispatch;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPObjective;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;
import org.gridweave.controller.dispatch.DispatchProblem.SiteInputs;

/**
 * One site's variables and rows inside an LP (alone, or with other sites and coupling rows).
 * Variables that cannot be anything but zero are not created: a site without a battery has no
 * charge, discharge or energy; an over-limit variable exists only at steps where the limit cannot
 * be kept by any decision.
 */
final class SiteLp {
  final SiteInputs in;
  final MPVariable[] imp;
  final MPVariable[] impOver;
  final MPVariable[] exp;
  final MPVariable[] expOver;
  final MPVariable[] cur;
  final MPVariable[] ch;
  final MPVariable[] dis;
  final MPVariable[] energy;
  final MPVariable[] flex;
  final MPVariable[] unserved;
  int variables;
  int rows;

  SiteLp(MPSolver solver, DispatchProblem p, SiteInputs s) {
    this.in = s;
    int n = p.steps();
    double h = p.stepHours();
    DispatchSettings cfg = p.settings();
    double big = cfg.limitViolationPenaltyPerKwh();
    MPObjective obj = solver.objective();
    imp = new MPVariable[n];
    impOver = new MPVariable[n];
    exp = new MPVariable[n];
    expOver = new MPVariable[n];
    cur = new MPVariable[n];
    ch = new MPVariable[n];
    dis = new MPVariable[n];
    energy = new MPVariable[n];
    flex = new MPVariable[n];
    unserved = new MPVariable[s.windows.size()];
    MPConstraint[] windowRows = new MPConstraint[s.windows.size()];
    for (int w = 0; w < s.windows.size(); w++) {
      FlexWindow fw = s.windows.get(w);
      if (fw.closesInHorizon() && fw.requiredKwh() > 0) {
        windowRows[w] = solver.makeConstraint(fw.requiredKwh(), fw.requiredKwh(), "");
        unserved[w] = solver.makeNumVar(0, fw.requiredKwh(), "");
        windowRows[w].setCoefficient(unserved[w], 1);
        obj.setCoefficient(unserved[w], cfg.unservedFlexPenaltyPerKwh());
        variables++;
        rows++;
      }
    }
    double terminal = s.hasBattery ? p.terminalValuePerKwh(s) : 0;
    for (int t = 0; t < n; t++) {
      double base = s.demand[t] - s.pv[t] - s.wind[t];
      MPConstraint balance = solver.makeConstraint(base, base, "");
      rows++;
      // at a traded step only the net flow is priced, by commitmentRow
      boolean traded = s.netTradedKwh(t) != 0;
      double ip = traded ? 0 : p.importPrice(t);
      double ep = traded ? 0 : p.exportPrice(t);
      imp[t] = solver.makeNumVar(0, s.importLimit, "");
      balance.setCoefficient(imp[t], 1);
      obj.setCoefficient(imp[t], h * ip);
      exp[t] = solver.makeNumVar(0, s.exportLimit, "");
      balance.setCoefficient(exp[t], -1);
      obj.setCoefficient(exp[t], -h * ep);
      variables += 2;
      if (base > s.importLimit) {
        impOver[t] = solver.makeNumVar(0, base - s.importLimit, "");
        balance.setCoefficient(impOver[t], 1);
        obj.setCoefficient(impOver[t], h * (ip + big));
        variables++;
      }
      if (s.wind[t] - s.demand[t] > s.exportLimit) {
        expOver[t] = solver.makeNumVar(0, s.wind[t] - s.demand[t] - s.exportLimit, "");
        balance.setCoefficient(expOver[t], -1);
        obj.setCoefficient(expOver[t], h * (big - ep));
        variables++;
      }
      if (s.pv[t] > 0) {
        cur[t] = solver.makeNumVar(0, s.pv[t], "");
        balance.setCoefficient(cur[t], -1);
        obj.setCoefficient(cur[t], h * s.curtailmentCost);
        variables++;
      }
      if (s.hasBattery) {
        ch[t] = solver.makeNumVar(0, s.chargeMax, "");
        dis[t] = solver.makeNumVar(0, s.dischargeMax, "");
        energy[t] = solver.makeNumVar(s.energyLow(), s.energyHigh(), "");
        balance.setCoefficient(ch[t], -1);
        balance.setCoefficient(dis[t], 1);
        obj.setCoefficient(ch[t], h * cfg.batteryWearPerKwh());
        obj.setCoefficient(dis[t], h * cfg.batteryWearPerKwh());
        // energy[t] - energy[t-1] - h*eta*ch + h/eta*dis = 0
        double rhs = t == 0 ? s.energy0 : 0;
        MPConstraint dyn = solver.makeConstraint(rhs, rhs, "");
        dyn.setCoefficient(energy[t], 1);
        if (t > 0) {
          dyn.setCoefficient(energy[t - 1], -1);
        }
        dyn.setCoefficient(ch[t], -h * s.eta);
        dyn.setCoefficient(dis[t], h / s.eta);
        variables += 3;
        rows++;
        if (t == n - 1) {
          obj.setCoefficient(energy[t], -terminal);
        }
        // below its planning floor now: every kWh-step still below costs, so the plan restores it
        // as fast as the limits allow (above its ceiling it may simply stay until it is used)
        double outside = cfg.unservedFlexPenaltyPerKwh() * h;
        if (s.energy0 < s.energyMin) {
          MPVariable below = solver.makeNumVar(0, s.energyMin, "");
          MPConstraint floor = solver.makeConstraint(s.energyMin, Double.POSITIVE_INFINITY, "");
          floor.setCoefficient(energy[t], 1);
          floor.setCoefficient(below, 1);
          obj.setCoefficient(below, outside);
          variables++;
          rows++;
        }
      }
      int w = s.windowOfStep[t];
      if (w >= 0) {
        flex[t] = solver.makeNumVar(0, s.flexMax, "");
        balance.setCoefficient(flex[t], -1);
        variables++;
        if (windowRows[w] != null) {
          windowRows[w].setCoefficient(flex[t], h);
        }
      }
      if (traded) {
        commitmentRow(solver, p, s, t, h);
      }
    }
  }

  /**
   * A step with traded energy (ADR 0011). The meter's registers follow the site's net flow, so a
   * step's net export X (kWh) settles a sale S as: beyond S exported at the export price; short of
   * S bought at the import price plus the penalty (a purchase B mirrors it on net import). That
   * cost is not convex in X when the penalty is positive (its slope steepens at X = 0), so the LP
   * uses its convex bound: {@code (import + penalty)·(S − X)⁺ − export·(X − S)⁺} — exact wherever
   * the site exports, and charging the penalty on net import too (for a purchase: {@code import·(Y
   * − B)⁺ − (export − penalty)·(B − Y)⁺}, exact wherever it imports). The step's import and export
   * carry no price of their own; only their difference counts. The plan's true cost is {@link
   * PlanChecker#cost}'s.
   */
  private void commitmentRow(MPSolver solver, DispatchProblem p, SiteInputs s, int t, double h) {
    double traded = s.netTradedKwh(t); // > 0: a net sale, < 0: a net purchase
    MPObjective obj = solver.objective();
    double ip = p.importPrice(t);
    double ep = p.exportPrice(t);
    double penalty = p.deliveryPenaltyPerKwh();
    // h·(net export) − beyond + missed = sold − bought   (for a purchase: signs mirrored)
    double side = traded > 0 ? 1 : -1;
    MPConstraint row = solver.makeConstraint(Math.abs(traded), Math.abs(traded), "");
    addNet(row, t, -side * h);
    MPVariable beyond = solver.makeNumVar(0, Double.POSITIVE_INFINITY, "");
    MPVariable missed = solver.makeNumVar(0, Double.POSITIVE_INFINITY, "");
    row.setCoefficient(beyond, -1);
    row.setCoefficient(missed, 1);
    if (traded > 0) {
      obj.setCoefficient(missed, ip + penalty);
      obj.setCoefficient(beyond, -ep);
    } else {
      obj.setCoefficient(missed, -(ep - penalty));
      obj.setCoefficient(beyond, ip);
    }
    variables += 2;
    rows++;
  }

  /** The site's net import at step t as coefficients on a coupling row. */
  void addNet(MPConstraint row, int t) {
    addNet(row, t, 1);
  }

  /** The site's net import at step t, times {@code k}, as coefficients on a row. */
  private void addNet(MPConstraint row, int t, double k) {
    row.setCoefficient(imp[t], k);
    row.setCoefficient(exp[t], -k);
    if (impOver[t] != null) {
      row.setCoefficient(impOver[t], k);
    }
    if (expOver[t] != null) {
      row.setCoefficient(expOver[t], -k);
    }
  }

  double net(int t) {
    double v = imp[t].solutionValue() - exp[t].solutionValue();
    if (impOver[t] != null) {
      v += impOver[t].solutionValue();
    }
    if (expOver[t] != null) {
      v -= expOver[t].solutionValue();
    }
    return v;
  }

  void writeTo(Plan plan, double stepHours) {
    int i = in.index;
    int n = imp.length;
    for (int t = 0; t < n; t++) {
      double imported = imp[t].solutionValue();
      double exported = exp[t].solutionValue();
      if (imported > 0 && exported > 0 && in.netTradedKwh(t) != 0) {
        // where only the difference is priced, an optimum may carry both: the meter sees the net
        double both = Math.min(imported, exported);
        imported -= both;
        exported -= both;
      }
      plan.importKw[i][t] = clean(imported);
      plan.exportKw[i][t] = clean(exported);
      plan.importLimitShadow[i][t] = -imp[t].reducedCost() / stepHours;
      plan.exportLimitShadow[i][t] = -exp[t].reducedCost() / stepHours;
      plan.importOverLimitKw[i][t] = value(impOver[t]);
      plan.exportOverLimitKw[i][t] = value(expOver[t]);
      plan.curtailKw[i][t] = value(cur[t]);
      plan.chargeKw[i][t] = value(ch[t]);
      plan.dischargeKw[i][t] = value(dis[t]);
      plan.energyKwh[i][t] = value(energy[t]);
      plan.flexKw[i][t] = value(flex[t]);
    }
    for (int w = 0; w < unserved.length; w++) {
      plan.flexUnservedKwh[i][w] = value(unserved[w]);
    }
  }

  private static double value(MPVariable v) {
    return v == null ? 0 : clean(v.solutionValue());
  }

  /** Simplex values carry round-off around bounds (−1e-15 for a zero); powers are ≥ 0. */
  private static double clean(double v) {
    return Math.abs(v) < 1e-9 ? 0 : v;
  }
}

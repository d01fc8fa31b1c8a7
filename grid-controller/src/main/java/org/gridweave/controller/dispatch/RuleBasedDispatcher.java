package org.gridweave.controller.dispatch;

import java.util.List;
import org.gridweave.controller.dispatch.DispatchProblem.SiteInputs;

/**
 * The safe fallback: simple rules, no solver, no forecast beyond the step at hand. Step by step:
 *
 * <ol>
 *   <li>flexible loads run at full power as soon as their window opens (deferred only when a limit
 *       needs it, and never below what they must still receive to finish in time);
 *   <li>batteries hold — they charge only from a surplus the site could not export, and discharge
 *       only to relieve an import limit;
 *   <li>a site's export limit: charge the battery, then curtail PV;
 *   <li>a feeder's or the transformer's limit: for import, discharge batteries then defer flexible
 *       load (pro rata to what each site can give); for reverse flow, charge batteries from surplus
 *       then curtail PV (pro rata).
 * </ol>
 *
 * What no rule can fix (demand alone above a limit) stays as a reported excess. Used when forecasts
 * are stale or missing (then the inputs are the latest measurements held flat), when the optimiser
 * fails or runs out of time, and by the benchmark as the reference the optimiser's cost is compared
 * with.
 */
public final class RuleBasedDispatcher {
  private static final double EPS = 1e-9;

  public Plan plan(DispatchProblem p) {
    int ns = p.sites().size();
    int n = p.steps();
    double h = p.stepHours();
    double[][] unserved = new double[ns][];
    double[] energy = new double[ns];
    double[][] remaining = new double[ns][];
    for (SiteInputs s : p.sites()) {
      unserved[s.index] = new double[s.windows.size()];
      remaining[s.index] = new double[s.windows.size()];
      for (int w = 0; w < s.windows.size(); w++) {
        remaining[s.index][w] = s.windows.get(w).dueKwh();
      }
      energy[s.index] = s.energy0;
    }
    Plan plan = new Plan("rule-based", ns, p.grid().feeders().size(), n, unserved);
    double[] net = new double[ns];
    double[] mustRun = new double[ns];
    for (int t = 0; t < n; t++) {
      for (SiteInputs s : p.sites()) {
        int i = s.index;
        int w = s.windowOfStep[t];
        double flex = 0;
        if (w >= 0 && remaining[i][w] > EPS) {
          FlexWindow fw = s.windows.get(w);
          int after = fw.closeStep() - t - 1;
          flex = Math.min(s.flexMax, remaining[i][w] / h);
          mustRun[i] = Math.min(flex, Math.max(0, remaining[i][w] - after * s.flexMax * h) / h);
        } else {
          mustRun[i] = 0;
        }
        plan.flexKw[i][t] = flex;
        net[i] = s.demand[t] + flex - s.pv[t] - s.wind[t];
        // site export limit: charge from the surplus, then curtail
        if (-net[i] > s.exportLimit) {
          double excess = -net[i] - s.exportLimit;
          double ch = Math.min(excess, chargeRoom(s, plan, energy[i], t, h));
          plan.chargeKw[i][t] += ch;
          net[i] += ch;
          excess -= ch;
          double cur = Math.min(excess, s.pv[t]);
          plan.curtailKw[i][t] += cur;
          net[i] += cur;
        }
        // site import limit: discharge, then defer flexible load
        if (net[i] > s.importLimit) {
          double excess = net[i] - s.importLimit;
          double dis = Math.min(excess, dischargeRoom(s, plan, energy[i], t, h, net[i]));
          plan.dischargeKw[i][t] += dis;
          net[i] -= dis;
          excess -= dis;
          double defer = Math.min(excess, plan.flexKw[i][t] - mustRun[i]);
          if (defer > 0) {
            plan.flexKw[i][t] -= defer;
            net[i] -= defer;
          }
        }
      }
      for (int f = 0; f < p.grid().feeders().size(); f++) {
        List<SiteInputs> sites = p.sitesByFeeder().get(f);
        relieve(
            p,
            plan,
            sites,
            net,
            mustRun,
            energy,
            t,
            p.feederImportCap(f, t),
            p.feederExportCap(f, t));
      }
      relieve(
          p,
          plan,
          p.sites(),
          net,
          mustRun,
          energy,
          t,
          p.transformerImportCap(t),
          p.transformerExportCap(t));
      for (SiteInputs s : p.sites()) {
        int i = s.index;
        double v = net[i];
        plan.importKw[i][t] = Math.min(Math.max(v, 0), s.importLimit);
        plan.importOverLimitKw[i][t] = Math.max(0, v - s.importLimit);
        plan.exportKw[i][t] = Math.min(Math.max(-v, 0), s.exportLimit);
        plan.exportOverLimitKw[i][t] = Math.max(0, -v - s.exportLimit);
        if (s.hasBattery) {
          energy[i] += h * (s.eta * plan.chargeKw[i][t] - plan.dischargeKw[i][t] / s.eta);
          plan.energyKwh[i][t] = energy[i];
        }
        int w = s.windowOfStep[t];
        if (w >= 0) {
          remaining[i][w] = Math.max(0, remaining[i][w] - plan.flexKw[i][t] * h);
          FlexWindow fw = s.windows.get(w);
          if (fw.closesInHorizon() && t == fw.to() - 1) {
            unserved[i][w] = remaining[i][w];
          }
        }
      }
    }
    return plan.withStats(new Plan.Stats(0, 0, 0, 0, 0, 0, 0, List.of()));
  }

  private static double chargeRoom(SiteInputs s, Plan plan, double energy, int t, double h) {
    if (!s.hasBattery) {
      return 0;
    }
    double byEnergy = Math.max(0, (s.energyMax - energy) / (s.eta * h));
    return Math.max(
        0,
        Math.min(s.chargeMax - plan.chargeKw[s.index][t], byEnergy) - plan.dischargeKw[s.index][t]);
  }

  private static double dischargeRoom(
      SiteInputs s, Plan plan, double energy, int t, double h, double siteNet) {
    if (!s.hasBattery || plan.chargeKw[s.index][t] > 0) {
      return 0;
    }
    double byEnergy = Math.max(0, (energy - s.energyMin) * s.eta / h);
    return Math.max(
        0, Math.min(Math.min(s.dischargeMax - plan.dischargeKw[s.index][t], byEnergy), siteNet));
  }

  /** Brings the summed net of {@code sites} within [−exportCap, importCap] as far as rules can. */
  private static void relieve(
      DispatchProblem p,
      Plan plan,
      List<SiteInputs> sites,
      double[] net,
      double[] mustRun,
      double[] energy,
      int t,
      double importCap,
      double exportCap) {
    double h = p.stepHours();
    double flow = 0;
    for (SiteInputs s : sites) {
      flow += net[s.index];
    }
    if (flow > importCap + EPS) {
      double excess = flow - importCap;
      excess =
          share(
              sites,
              excess,
              s -> dischargeRoom(s, plan, energy[s.index], t, h, net[s.index]),
              (s, x) -> {
                plan.dischargeKw[s.index][t] += x;
                net[s.index] -= x;
              });
      share(
          sites,
          excess,
          s -> Math.max(0, plan.flexKw[s.index][t] - mustRun[s.index]),
          (s, x) -> {
            plan.flexKw[s.index][t] -= x;
            net[s.index] -= x;
          });
    } else if (-flow > exportCap + EPS) {
      double excess = -flow - exportCap;
      excess =
          share(
              sites,
              excess,
              s -> Math.min(chargeRoom(s, plan, energy[s.index], t, h), Math.max(0, -net[s.index])),
              (s, x) -> {
                plan.chargeKw[s.index][t] += x;
                net[s.index] += x;
              });
      share(
          sites,
          excess,
          s -> Math.max(0, Math.min(s.pv[t] - plan.curtailKw[s.index][t], -net[s.index])),
          (s, x) -> {
            plan.curtailKw[s.index][t] += x;
            net[s.index] += x;
          });
    }
  }

  private interface Room {
    double of(SiteInputs s);
  }

  private interface Apply {
    void take(SiteInputs s, double kw);
  }

  /** Takes {@code need} from the sites pro rata to their room; returns what is still needed. */
  private static double share(List<SiteInputs> sites, double need, Room room, Apply apply) {
    if (need <= EPS) {
      return 0;
    }
    double total = 0;
    double[] rooms = new double[sites.size()];
    for (int k = 0; k < sites.size(); k++) {
      rooms[k] = Math.max(0, room.of(sites.get(k)));
      total += rooms[k];
    }
    if (total <= EPS) {
      return need;
    }
    double fraction = Math.min(1, need / total);
    for (int k = 0; k < sites.size(); k++) {
      if (rooms[k] > 0) {
        apply.take(sites.get(k), rooms[k] * fraction);
      }
    }
    return Math.max(0, need - total);
  }
}

package org.gridweave.controller.dispatch;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.gridweave.controller.dispatch.DispatchProblem.SiteInputs;

/**
 * Turns a plan into what people read: the binding constraints (with shadow prices when the plan
 * came from the optimiser) and one sentence per site for the decided interval, e.g. "battery
 * charging at 3.2 kW: PV surplus above the 5 kW export limit".
 */
public final class Explainer {
  private static final double KW = 1e-3;
  private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

  private Explainer() {}

  public static List<Binding> bindings(DispatchProblem p, Plan plan) {
    List<Binding> out = new ArrayList<>();
    int n = p.steps();
    for (int f = 0; f < p.grid().feeders().size(); f++) {
      String id = p.grid().feeders().get(f).id().value();
      int fi = f;
      group(
          out,
          "feeder_import_limit",
          id,
          n,
          t -> plan.feederFlowKw(p, fi, t) >= p.feederImportCap(fi, t) - KW,
          t -> Math.max(0, plan.feederShadow[fi][t]),
          t -> p.feederImportCap(fi, t));
      group(
          out,
          "feeder_reverse_limit",
          id,
          n,
          t -> -plan.feederFlowKw(p, fi, t) >= p.feederExportCap(fi, t) - KW,
          t -> Math.max(0, -plan.feederShadow[fi][t]),
          t -> p.feederExportCap(fi, t));
    }
    group(
        out,
        "transformer_import_limit",
        "transformer",
        n,
        t -> plan.transformerFlowKw(p, t) >= p.transformerImportCap(t) - KW,
        t -> Math.max(0, plan.transformerShadow[t]),
        p::transformerImportCap);
    group(
        out,
        "transformer_reverse_limit",
        "transformer",
        n,
        t -> -plan.transformerFlowKw(p, t) >= p.transformerExportCap(t) - KW,
        t -> Math.max(0, -plan.transformerShadow[t]),
        p::transformerExportCap);
    for (SiteInputs s : p.sites()) {
      int i = s.index;
      if (siteImportBinds(plan, s)) {
        out.add(
            new Binding(
                "site_import_limit",
                s.site.id().value(),
                0,
                1,
                Math.max(0, plan.importLimitShadow[i][0]),
                s.importLimit));
      }
      if (siteExportBinds(plan, s)) {
        out.add(
            new Binding(
                "site_export_limit",
                s.site.id().value(),
                0,
                1,
                Math.max(0, plan.exportLimitShadow[i][0]),
                s.exportLimit));
      }
    }
    out.sort(
        java.util.Comparator.comparingInt(Binding::step)
            .thenComparing(b -> -b.shadowPricePerKwh())
            .thenComparing(Binding::subject));
    return out;
  }

  private interface StepTest {
    boolean at(int t);
  }

  private interface StepValue {
    double at(int t);
  }

  private static void group(
      List<Binding> out,
      String constraint,
      String subject,
      int n,
      StepTest binds,
      StepValue shadow,
      StepValue limit) {
    int first = -1;
    int count = 0;
    for (int t = 0; t < n; t++) {
      if (binds.at(t)) {
        if (first < 0) first = t;
        count++;
      }
    }
    if (first >= 0) {
      out.add(new Binding(constraint, subject, first, count, shadow.at(first), limit.at(first)));
    }
  }

  private static boolean siteImportBinds(Plan plan, SiteInputs s) {
    return plan.importKw[s.index][0] + plan.importOverLimitKw[s.index][0] >= s.importLimit - KW;
  }

  private static boolean siteExportBinds(Plan plan, SiteInputs s) {
    return plan.exportKw[s.index][0] + plan.exportOverLimitKw[s.index][0] >= s.exportLimit - KW
        && (plan.curtailKw[s.index][0] > KW
            || plan.chargeKw[s.index][0] > KW
            || s.exportLimit <= KW);
  }

  /** What every site's sentence reads about the interval: flows at step 0, later prices. */
  private record Context(
      double[] feederFlow, double transformerFlow, double laterMax, double laterMin) {
    static Context of(DispatchProblem p, Plan plan) {
      double[] feeders = new double[p.grid().feeders().size()];
      double total = 0;
      for (SiteInputs s : p.sites()) {
        double net = plan.netKw(s.index, 0);
        feeders[s.feeder] += net;
        total += net;
      }
      double max = 0;
      double min = Double.POSITIVE_INFINITY;
      for (int t = 1; t < p.steps(); t++) {
        max = Math.max(max, p.importPrice(t));
        min = Math.min(min, p.importPrice(t));
      }
      return new Context(feeders, total, max, min);
    }
  }

  public static List<SiteDecision> sites(DispatchProblem p, Plan plan) {
    Context c = Context.of(p, plan);
    List<SiteDecision> out = new ArrayList<>(p.sites().size());
    for (SiteInputs s : p.sites()) {
      out.add(site(p, plan, s, c));
    }
    return out;
  }

  private static SiteDecision site(DispatchProblem p, Plan plan, SiteInputs s, Context c) {
    int i = s.index;
    int f = s.feeder;
    double ch = plan.chargeKw[i][0];
    double dis = plan.dischargeKw[i][0];
    double net = Math.min(ch, dis);
    ch -= net;
    dis -= net;
    double cur = plan.curtailKw[i][0];
    double pct = s.pv[0] > KW ? Math.min(100, 100 * cur / s.pv[0]) : 0;
    double fl = plan.flexKw[i][0];
    int w = s.windowOfStep[0];
    boolean flexDue = w >= 0 && s.windows.get(w).dueKwh() > KW;
    double defer = flexDue ? Math.max(0, s.flexMax - fl) : 0;
    double flow = c.feederFlow()[f];
    boolean feederImport = flow >= p.feederImportCap(f, 0) - KW;
    boolean feederReverse = -flow >= p.feederExportCap(f, 0) - KW;
    double tflow = c.transformerFlow();
    boolean trImport = tflow >= p.transformerImportCap(0) - KW;
    boolean trReverse = -tflow >= p.transformerExportCap(0) - KW;
    String feeder = p.grid().feeders().get(f).id().value();
    boolean exportBinds = siteExportBinds(plan, s);
    boolean importBinds = siteImportBinds(plan, s);
    double laterMax = c.laterMax();
    double laterMin = c.laterMin();
    List<String> parts = new ArrayList<>();
    if (ch > KW) {
      String why;
      if (s.energy0 < s.energyMin - 1e-6 && plan.energyKwh[i][0] <= s.energyMin + 1e-6) {
        why =
            String.format(
                Locale.ROOT,
                "restoring the battery to its %.0f %% minimum state of charge",
                100 * s.energyMin / s.site.battery().orElseThrow().capacityKwh());
      } else if (exportBinds) {
        why = "PV surplus above the " + kw(s.exportLimit) + " export limit";
      } else if (feederReverse) {
        why =
            "feeder "
                + feeder
                + " is at its reverse-flow limit ("
                + kw(p.feederExportCap(f, 0))
                + ")";
      } else if (trReverse) {
        why = "the transformer is at its reverse-flow limit";
      } else if (s.bought(0) > KW * h(p)
          && h(p) * (plan.importKw[i][0] + plan.importOverLimitKw[i][0] - ch) < s.bought(0)) {
        why = "taking energy bought in the market for this interval";
      } else if (s.surplus(0) > KW) {
        why =
            "storing PV surplus (export earns "
                + price(p.exportPrice(0))
                + ") for later use at up to "
                + price(laterMax);
      } else {
        why =
            "grid energy at "
                + price(p.importPrice(0))
                + " stored for later use at up to "
                + price(laterMax);
      }
      parts.add("battery charging at " + kw(ch) + ": " + why);
    }
    if (dis > KW) {
      String why;
      if (feederImport) {
        why = "feeder " + feeder + " is at its import limit (" + kw(p.feederImportCap(f, 0)) + ")";
      } else if (trImport) {
        why = "the transformer is at its import limit";
      } else if (importBinds) {
        why = "the site is at its " + kw(s.importLimit) + " import limit";
      } else if (s.sold(0) > KW * h(p)
          && h(p) * (plan.exportKw[i][0] + plan.exportOverLimitKw[i][0] - dis) < s.sold(0)) {
        why = "delivering energy sold in the market for this interval";
      } else {
        why =
            "covering demand now at "
                + price(p.importPrice(0))
                + " is worth more than keeping the energy";
      }
      parts.add("battery discharging at " + kw(dis) + ": " + why);
    }
    if (cur > KW) {
      String why;
      if (exportBinds) {
        why =
            "the "
                + kw(s.exportLimit)
                + " export limit is reached"
                + (s.hasBattery
                    ? (ch >= s.chargeMax - KW
                        ? " and the battery charges at full power"
                        : " and the battery is full")
                    : "");
      } else if (feederReverse) {
        why =
            "feeder "
                + feeder
                + " is at its reverse-flow limit ("
                + kw(p.feederExportCap(f, 0))
                + ")";
      } else if (trReverse) {
        why = "the transformer is at its reverse-flow limit";
      } else {
        why = "exporting costs money now (export price " + price(p.exportPrice(0)) + ")";
      }
      parts.add(String.format(Locale.ROOT, "PV curtailed by %s (%.0f %%): %s", kw(cur), pct, why));
    }
    if (flexDue) {
      FlexWindow fw = s.windows.get(w);
      String closes = HH_MM.format(fw.closes().atZone(zone(p)));
      if (defer > KW) {
        String why;
        if (feederImport) {
          why = "feeder " + feeder + " is at its import limit";
        } else if (trImport) {
          why = "the transformer is at its import limit";
        } else if (importBinds) {
          why = "the site is at its import limit";
        } else {
          why =
              "cheaper later in its window (now "
                  + price(p.importPrice(0))
                  + ", from "
                  + price(laterMin)
                  + ")";
        }
        parts.add(
            "flexible load at "
                + kw(fl)
                + " of "
                + kw(s.flexMax)
                + ", deferred: "
                + why
                + "; it gets its energy by "
                + closes);
      } else {
        parts.add("flexible load running at " + kw(fl) + " to get its energy by " + closes);
      }
    }
    if (s.sold(0) > 0) {
      parts.add(traded("sold", s.sold(0), PlanChecker.shortfallKwh(plan, s, 0, h(p)), "short"));
    }
    if (s.bought(0) > 0) {
      parts.add(
          traded("bought", s.bought(0), PlanChecker.surplusKwh(plan, s, 0, h(p)), "not taken"));
    }
    if (plan.importOverLimitKw[i][0] > KW) {
      parts.add(
          "import "
              + kw(plan.importOverLimitKw[i][0])
              + " above the "
              + kw(s.importLimit)
              + " connection limit: demand cannot be covered otherwise");
    }
    if (plan.exportOverLimitKw[i][0] > KW) {
      parts.add(
          "export "
              + kw(plan.exportOverLimitKw[i][0])
              + " above the "
              + kw(s.exportLimit)
              + " connection limit: wind cannot be curtailed");
    }
    String sentence =
        parts.isEmpty()
            ? (s.hasBattery || s.site.hasPv() || s.hasFlex
                ? "no action needed: demand and generation fit every limit"
                : "no controllable assets; "
                    + (s.surplus(0) >= 0 ? "exporting " : "importing ")
                    + kw(Math.abs(s.surplus(0))))
            : String.join("; ", parts);
    return new SiteDecision(
        s.site.id(),
        s.site.meter(),
        s.hasBattery,
        s.site.hasPv(),
        s.hasFlex,
        ch,
        dis,
        cur,
        pct,
        fl,
        defer,
        plan.importKw[i][0] + plan.importOverLimitKw[i][0],
        plan.exportKw[i][0] + plan.exportOverLimitKw[i][0],
        plan.energyKwh[i][0],
        sentence);
  }

  private static double h(DispatchProblem p) {
    return p.stepHours();
  }

  private static String traded(String side, double kwh, double missedKwh, String missed) {
    return "market: "
        + energy(kwh)
        + " "
        + side
        + " for this interval, "
        + (missedKwh > 1e-6
            ? energy(missedKwh) + " " + missed + " (settled by the delivery check)"
            : "planned in full");
  }

  /** kWh with two decimals; below 0.01 kWh in whole Wh, so a small trade never reads as zero. */
  static String energy(double kwh) {
    return kwh < 0.00995
        ? String.format(Locale.ROOT, "%.0f Wh", kwh * 1000)
        : String.format(Locale.ROOT, "%.2f kWh", kwh);
  }

  private static ZoneId zone(DispatchProblem p) {
    return p.grid().zone();
  }

  static String kw(double kw) {
    return String.format(Locale.ROOT, "%.1f kW", kw);
  }

  static String price(double perKwh) {
    return String.format(Locale.ROOT, "%.2f/kWh", perKwh);
  }
}

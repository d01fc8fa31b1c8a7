package org.gridweave.simulations.engine;

import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.gridweave.simulations.scenario.Scenario;

/**
 * What a run found, as the sorted tree {@code summary.json} is written from (keys sorted, numbers
 * rounded once, here, so that the same seed gives the same bytes). Energies in kWh, powers in kW,
 * money in the tariff's currency.
 */
public record Results(
    Map<String, Object> summary, long steps, int prosumers, Map<String, Object> perf) {

  public long prosumerIntervals() {
    return steps * prosumers;
  }

  @SuppressWarnings("unchecked")
  public double number(String section, String key) {
    Object v = ((Map<String, Object>) summary.get(section)).get(key);
    return ((Number) v).doubleValue();
  }

  /** Sums the engine's steps into the summary. */
  static final class Accumulator {
    private final Scenario s;
    private final Prosumers p;
    private final String demandSource;
    private final double h;
    private long steps;
    private double demand, pv, curtailed, wind, charge, discharge, imports, exports;
    private double trImport, trExport, peakImport, peakExport;
    private double feederOverloadHours, transformerOverloadHours;
    private long trades, tradedWh, sellerValueMicros, buyersMicros, sellersMicros, feesMicros;
    private long marketIntervals;
    private long shortfallWh, surplusWh, penaltyMicros;
    private final double[] cost;
    private final double[] tariffOnlyCost;
    private double demandAbsErr, generationAbsErr;
    private long forecastPoints;
    private long fallbacks;
    private final double storedStart;

    Accumulator(Scenario s, Prosumers p, String demandSource) {
      this.s = s;
      this.p = p;
      this.demandSource = demandSource;
      this.h = s.stepHours();
      this.cost = new double[p.n];
      this.tariffOnlyCost = new double[p.n];
      double stored = 0;
      for (int i = 0; i < p.n; i++) {
        stored += p.batteryKwh[i] * Prosumers.SOC_START;
      }
      this.storedStart = stored;
    }

    void forecastError(double demandErr, double generationErr) {
      demandAbsErr += demandErr;
      generationAbsErr += generationErr;
      forecastPoints++;
    }

    private String pvSource;
    private String windSource;

    /** What PV and wind came from, when the scenario asked for a real series (else null). */
    void generationSources(String pv, String wind) {
      this.pvSource = pv;
      this.windSource = wind;
    }

    void fallback() {
      fallbacks++;
    }

    void market(long t, long wh, long valueMicrosWh, long buyers, long sellers, long fees) {
      trades += t;
      tradedWh += wh;
      sellerValueMicros += valueMicrosWh;
      buyersMicros += buyers;
      sellersMicros += sellers;
      feesMicros += fees;
      if (wh > 0) {
        marketIntervals++;
      }
    }

    void delivery(long shortfall, long surplus, long penalty) {
      shortfallWh += shortfall;
      surplusWh += surplus;
      penaltyMicros += penalty;
    }

    void cost(int i, double withMarket, double tariffOnly) {
      cost[i] += withMarket;
      tariffOnlyCost[i] += tariffOnly;
    }

    void step(
        Instant at, Simulation.StepState st, Prosumers p, Scenario s, double imp, double exp) {
      steps++;
      for (int i = 0; i < p.n; i++) {
        demand += st.demand[i];
        pv += st.pv[i];
        curtailed += st.curtail[i];
        wind += st.wind[i];
        charge += st.charge[i];
        discharge += st.discharge[i];
      }
      imports += imp;
      exports += exp;
      double t = st.transformerFlow;
      trImport += Math.max(0, t);
      trExport += Math.max(0, -t);
      peakImport = Math.max(peakImport, t);
      peakExport = Math.max(peakExport, -t);
      for (int f = 0; f < st.feederFlow.length; f++) {
        if (Math.abs(st.feederFlow[f]) > s.feeders().get(f).limitKw() + 1e-9) {
          feederOverloadHours += h;
        }
      }
      if (Math.abs(t) > s.transformerLimitKw() + 1e-9) {
        transformerOverloadHours += h;
      }
    }

    Results finish(
        Conservation cons,
        double storedEnd,
        TribuoForecasts tribuo,
        Map<String, Object> settled,
        Evs evs) {
      Map<String, Object> root = new TreeMap<>();
      Map<String, Object> run = new TreeMap<>();
      run.put("scenario", s.name());
      run.put("seed", s.seed());
      run.put("start", s.start().toString());
      run.put("end", s.end().toString());
      run.put("step_minutes", s.step().toMinutes());
      run.put("steps", steps);
      run.put("prosumers", p.n);
      run.put("feeders", s.feeders().size());
      run.put("demand_profile", demandSource);
      if (pvSource != null) {
        run.put("pv_profile", pvSource);
      }
      if (windSource != null) {
        run.put("wind_profile", windSource);
      }
      run.put("dispatch", s.dispatch().name().toLowerCase(java.util.Locale.ROOT));
      run.put("dispatch_fallbacks", fallbacks);
      run.put("market", s.market().name().toLowerCase(java.util.Locale.ROOT));
      run.put("forecasting", s.forecasting().name().toLowerCase(java.util.Locale.ROOT));
      int pvSites = 0, batterySites = 0, windSites = 0;
      for (int i = 0; i < p.n; i++) {
        pvSites += p.pvKwp[i] > 0 ? 1 : 0;
        batterySites += p.hasBattery(i) ? 1 : 0;
        windSites += p.windKw[i] > 0 ? 1 : 0;
      }
      run.put("pv_sites", pvSites);
      run.put("battery_sites", batterySites);
      run.put("wind_sites", windSites);
      root.put("run", run);

      Map<String, Object> energy = new TreeMap<>();
      double pvUsed = pv - curtailed;
      energy.put("demand_kwh", demand * h);
      energy.put("pv_available_kwh", pv * h);
      energy.put("pv_curtailed_kwh", curtailed * h);
      energy.put("pv_used_kwh", pvUsed * h);
      energy.put("wind_kwh", wind * h);
      energy.put("battery_charge_kwh", charge * h);
      energy.put("battery_discharge_kwh", discharge * h);
      energy.put("battery_stored_change_kwh", storedEnd - storedStart);
      energy.put("battery_losses_kwh", charge * h - discharge * h - (storedEnd - storedStart));
      energy.put("site_import_kwh", imports * h);
      energy.put("site_export_kwh", exports * h);
      energy.put("transformer_import_kwh", trImport * h);
      energy.put("transformer_export_kwh", trExport * h);
      double ev = 0;
      if (evs != null) {
        ev = evs.deliveredKwh();
        energy.put("ev_charging_kwh", ev);
        root.put("ev", evs.summary());
      }
      root.put("energy", energy);

      Map<String, Object> kpi = new TreeMap<>();
      double generation = (pvUsed + wind) * h;
      double consumption = demand * h + ev;
      kpi.put(
          "self_sufficiency", consumption > 0 ? Math.max(0, 1 - trImport * h / consumption) : 0.0);
      kpi.put(
          "self_consumption", generation > 0 ? Math.max(0, 1 - trExport * h / generation) : 0.0);
      kpi.put("peak_import_kw", peakImport);
      kpi.put("peak_export_kw", peakExport);
      kpi.put("feeder_overload_hours", feederOverloadHours);
      kpi.put("transformer_overload_hours", transformerOverloadHours);
      root.put("grid", kpi);

      Map<String, Object> market = new TreeMap<>();
      market.put("mechanism", s.market().name().toLowerCase(java.util.Locale.ROOT));
      market.put("trades", trades);
      market.put("volume_kwh", tradedWh / 1000.0);
      market.put("intervals_with_trades", marketIntervals);
      market.put(
          "mean_price_per_kwh", tradedWh > 0 ? sellerValueMicros / (double) tradedWh / 1e6 : 0.0);
      market.put("buyers_paid", buyersMicros / 1e6);
      market.put("sellers_received", sellersMicros / 1e6);
      market.put("grid_fees", feesMicros / 1e6);
      market.put("delivery_shortfall_kwh", shortfallWh / 1000.0);
      market.put("delivery_surplus_kwh", surplusWh / 1000.0);
      market.put("delivery_penalties", penaltyMicros / 1e6);
      root.put("market", market);

      Map<String, Object> money = new TreeMap<>();
      double[] sorted = cost.clone();
      Arrays.sort(sorted);
      double total = 0;
      double plain = 0;
      for (int i = 0; i < p.n; i++) {
        total += cost[i];
        plain += tariffOnlyCost[i];
      }
      money.put("cost_per_prosumer_mean", total / p.n);
      money.put("cost_per_prosumer_min", sorted[0]);
      money.put("cost_per_prosumer_median", sorted[sorted.length / 2]);
      money.put("cost_per_prosumer_max", sorted[sorted.length - 1]);
      money.put("cost_per_prosumer_tariff_only_mean", plain / p.n);
      money.put("total_cost", total);
      root.put("cost", money);

      Map<String, Object> fc = new TreeMap<>();
      fc.put("mode", s.forecasting().name().toLowerCase(java.util.Locale.ROOT));
      fc.put("demand_mae_kw", forecastPoints > 0 ? demandAbsErr / forecastPoints : 0.0);
      fc.put("generation_mae_kw", forecastPoints > 0 ? generationAbsErr / forecastPoints : 0.0);
      Map<String, Object> perf = new TreeMap<>();
      if (tribuo != null) {
        fc.put("tribuo", tribuo.summary());
        fc.put("by_mode", tribuo.byMode());
        perf.put("forecast_training_s", tribuo.trainSeconds());
      }
      root.put("forecast", fc);

      Map<String, Object> settlement = new TreeMap<>();
      if (settled == null) {
        settlement.put("mode", "off");
        settlement.put("totals", "off");
      } else {
        settlement.putAll(settled);
      }
      root.put("settlement", settlement);

      Map<String, Object> c = new TreeMap<>();
      c.put("checks", cons.checks());
      c.put("worst_residual_kwh", cons.worstResidualKwh());
      c.put("tolerance_kwh", Conservation.TOLERANCE_KWH);
      root.put("conservation", c);
      return new Results(root, steps, p.n, perf);
    }
  }
}

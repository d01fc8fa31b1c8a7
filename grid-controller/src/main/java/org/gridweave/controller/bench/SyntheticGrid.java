package org.gridweave.controller.bench;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.gridweave.controller.dispatch.DispatchProblem;
import org.gridweave.controller.dispatch.DispatchSettings;
import org.gridweave.controller.dispatch.SiteForecast;
import org.gridweave.controller.dispatch.SiteState;
import org.gridweave.controller.grid.Battery;
import org.gridweave.controller.grid.Feeder;
import org.gridweave.controller.grid.FlexibleLoad;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.controller.tariff.TimeOfUseTariff;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.Percent;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;

/**
 * A seeded synthetic neighbourhood for the benchmark and the simulations: 100 prosumers per feeder
 * with mixed assets (60 % PV 3–10 kWp, 10 % small wind 1.5–4 kW, 35 % batteries, 25 % EV chargers
 * with an evening-to-morning window), a 5 kW export and 15 kW import limit per connection, a
 * time-of-use tariff, forecasts with P10/P90 spreads, and every third feeder's limit set to 70 % of
 * its peak flow so that it binds. The transformer is sized not to bind.
 */
public final class SyntheticGrid {
  public static final Instant START = Instant.parse("2026-06-21T00:00:00Z");

  private SyntheticGrid() {}

  public static DispatchProblem build(int prosumers, DispatchSettings settings, long seed) {
    return build(prosumers, settings, seed, 1.2);
  }

  /**
   * @param transformerShare the transformer's limit as a share of the feeders' limits summed
   */
  public static DispatchProblem build(
      int prosumers, DispatchSettings settings, long seed, double transformerShare) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int n = settings.horizonSteps();
    double h = settings.stepHours();
    int feeders = Math.max(1, (prosumers + 99) / 100);
    List<Site> sites = new ArrayList<>();
    Map<SiteId, SiteForecast> forecasts = new HashMap<>();
    Map<SiteId, SiteState> states = new HashMap<>();
    double[][] baseFlow = new double[feeders][n];
    for (int k = 0; k < prosumers; k++) {
      int f = k / 100;
      SiteId id = SiteId.of(String.format("s-%05d", k));
      boolean pv = rnd.nextDouble() < 0.6;
      boolean wind = rnd.nextDouble() < 0.1;
      boolean battery = rnd.nextDouble() < 0.35;
      boolean flex = rnd.nextDouble() < 0.25;
      double kwp = pv ? 3 + 7 * rnd.nextDouble() : 0;
      double windKw = wind ? 1.5 + 2.5 * rnd.nextDouble() : 0;
      Optional<Battery> b = Optional.empty();
      double e0 = 0;
      if (battery) {
        double cap = 5 + 8.5 * rnd.nextDouble();
        double power = 2.5 + 2.5 * rnd.nextDouble();
        b =
            Optional.of(
                new Battery(
                    WattHours.kilowattHours(cap),
                    Watts.kilowatts(power),
                    Watts.kilowatts(power),
                    0.9,
                    Percent.of(10),
                    Percent.of(95)));
        e0 = cap * (0.3 + 0.4 * rnd.nextDouble());
      }
      Optional<FlexibleLoad> fl = Optional.empty();
      if (flex) {
        double power = rnd.nextBoolean() ? 7.4 : 11;
        fl =
            Optional.of(
                new FlexibleLoad(
                    Watts.kilowatts(power),
                    WattHours.kilowattHours(8 + 12 * rnd.nextDouble()),
                    LocalTime.of(18, 0),
                    LocalTime.of(7, 0)));
      }
      sites.add(
          new Site(
              id,
              FeederId.of("f-" + (f + 1)),
              MeterId.of(String.format("m-%05d", k)),
              Watts.kilowatts(15),
              Watts.kilowatts(5),
              Watts.kilowatts(kwp),
              Watts.kilowatts(windKw),
              b,
              fl));
      double scale = 0.6 + 0.8 * rnd.nextDouble();
      double cloud = 0.5 + 0.5 * rnd.nextDouble();
      double[] demand = new double[n];
      double[] pvKw = new double[n];
      double[] windP = new double[n];
      double[] dHigh = new double[n];
      double[] dLow = new double[n];
      double[] gLow = new double[n];
      double[] gHigh = new double[n];
      double windLevel = rnd.nextDouble();
      for (int t = 0; t < n; t++) {
        double hour = (t * h) % 24;
        double d =
            scale
                * (0.35
                    + 0.9 * Math.exp(-Math.pow((hour - 7.5) / 1.2, 2))
                    + 1.6 * Math.exp(-Math.pow((hour - 19) / 2.0, 2)))
                * (0.9 + 0.2 * rnd.nextDouble());
        double sun = Math.max(0, Math.sin(Math.PI * (hour - 5.5) / 15.0));
        double p = kwp * 0.85 * sun * cloud * (0.9 + 0.2 * rnd.nextDouble());
        windLevel = Math.min(1, Math.max(0, windLevel + 0.08 * (rnd.nextDouble() - 0.5)));
        double w = windKw * windLevel * windLevel;
        demand[t] = d;
        pvKw[t] = p;
        windP[t] = w;
        dHigh[t] = d * 1.15;
        dLow[t] = d * 0.85;
        gLow[t] = (p + w) * 0.8;
        gHigh[t] = (p + w) * 1.1;
        baseFlow[f][t] += d - p - w;
      }
      forecasts.put(id, new SiteForecast(demand, pvKw, windP, dLow, dHigh, gLow, gHigh));
      states.put(id, new SiteState(e0, 0));
    }
    List<Feeder> feederList = new ArrayList<>();
    double sumLimits = 0;
    for (int f = 0; f < feeders; f++) {
      double peak = 0;
      for (int t = 0; t < n; t++) {
        peak = Math.max(peak, Math.abs(baseFlow[f][t]));
      }
      double limit = Math.max(10, (f % 3 == 0 ? 0.7 : 1.5) * peak);
      feederList.add(new Feeder(FeederId.of("f-" + (f + 1)), Watts.kilowatts(limit)));
      sumLimits += limit;
    }
    GridModel grid =
        new GridModel(
            ZoneOffset.UTC, Watts.kilowatts(sumLimits * transformerShare), feederList, sites);
    return DispatchProblem.of(grid, START, settings, tariff(), forecasts, states, null);
  }

  public static TimeOfUseTariff tariff() {
    return new TimeOfUseTariff(
        ZoneOffset.UTC,
        List.of(
            new TimeOfUseTariff.Band(LocalTime.of(0, 0), 0.15, 0.08),
            new TimeOfUseTariff.Band(LocalTime.of(7, 0), 0.25, 0.08),
            new TimeOfUseTariff.Band(LocalTime.of(17, 0), 0.35, 0.08),
            new TimeOfUseTariff.Band(LocalTime.of(21, 0), 0.25, 0.08)));
  }
}

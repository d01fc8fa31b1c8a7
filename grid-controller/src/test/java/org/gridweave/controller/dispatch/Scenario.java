package org.gridweave.controller.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.UnaryOperator;
import org.gridweave.controller.grid.Battery;
import org.gridweave.controller.grid.Feeder;
import org.gridweave.controller.grid.FlexibleLoad;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.controller.tariff.Tariff;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.Percent;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;

/** A small grid written as a scenario: feeders, sites with assets, flat forecasts, prices. */
final class Scenario {
  static final Instant NOON = Instant.parse("2026-06-21T12:00:00Z");

  final Instant start;
  final int steps;
  double transformerKw = 10_000;
  final Map<String, Double> feeders = new LinkedHashMap<>();
  final List<SiteSpec> sites = new ArrayList<>();
  double[] importPrice;
  double[] exportPrice;
  double curtailmentPenalty = 0.02;
  double deliveryPenalty = 0.05;
  final Map<String, double[][]> trades = new LinkedHashMap<>();

  Scenario(Instant start, int steps) {
    this.start = start;
    this.steps = steps;
    importPrice = filled(0.25);
    exportPrice = filled(0.08);
  }

  static Scenario at(String start, int steps) {
    return new Scenario(Instant.parse(start), steps);
  }

  /** A site's parts; fluent setters. Powers kW, energies kWh. */
  final class SiteSpec {
    final String id;
    final String feeder;
    double importLimit = 20;
    double exportLimit = 10;
    double pvKwp;
    double[] demand = filled(0);
    double[] pv = filled(0);
    double[] wind = filled(0);
    Battery battery;
    double batteryKwh;
    FlexibleLoad flex;
    double flexServed;
    Double curtailmentCost;

    SiteSpec(String id, String feeder) {
      this.id = id;
      this.feeder = feeder;
    }

    SiteSpec demand(double kw) {
      demand = filled(kw);
      return this;
    }

    SiteSpec demand(double... kw) {
      demand = kw;
      return this;
    }

    SiteSpec pv(double kw) {
      pvKwp = Math.max(pvKwp, kw);
      pv = filled(kw);
      return this;
    }

    SiteSpec limits(double importKw, double exportKw) {
      importLimit = importKw;
      exportLimit = exportKw;
      return this;
    }

    SiteSpec battery(double kwh, double kw, double efficiency, double nowKwh) {
      battery =
          new Battery(
              WattHours.kilowattHours(kwh),
              Watts.kilowatts(kw),
              Watts.kilowatts(kw),
              efficiency,
              Percent.of(10),
              Percent.of(90));
      batteryKwh = nowKwh;
      return this;
    }

    SiteSpec flex(double kw, double kwh, String from, String to) {
      flex =
          new FlexibleLoad(
              Watts.kilowatts(kw),
              WattHours.kilowattHours(kwh),
              LocalTime.parse(from),
              LocalTime.parse(to));
      return this;
    }

    SiteSpec curtailmentCost(double perKwh) {
      curtailmentCost = perKwh;
      return this;
    }
  }

  Scenario feeder(String id, double limitKw) {
    feeders.put(id, limitKw);
    return this;
  }

  Scenario transformer(double kw) {
    transformerKw = kw;
    return this;
  }

  Scenario site(String id, String feeder, UnaryOperator<SiteSpec> spec) {
    sites.add(spec.apply(new SiteSpec(id, feeder)));
    return this;
  }

  Scenario prices(double importPerKwh, double exportPerKwh) {
    importPrice = filled(importPerKwh);
    exportPrice = filled(exportPerKwh);
    return this;
  }

  Scenario importPrices(double... perKwh) {
    importPrice = perKwh;
    return this;
  }

  /** Energy a site sold in the market, kWh per step from the start (missing steps: none). */
  Scenario sold(String site, double... kwh) {
    traded(site)[0] = Arrays.copyOf(kwh, steps);
    return this;
  }

  /** Energy a site bought in the market, kWh per step from the start. */
  Scenario bought(String site, double... kwh) {
    traded(site)[1] = Arrays.copyOf(kwh, steps);
    return this;
  }

  private double[][] traded(String site) {
    return trades.computeIfAbsent(site, k -> new double[][] {filled(0), filled(0)});
  }

  MarketCommitments commitments() {
    Map<SiteId, MarketCommitments.Commitment> out = new HashMap<>();
    trades.forEach((id, t) -> out.put(SiteId.of(id), new MarketCommitments.Commitment(t[0], t[1])));
    return new MarketCommitments(out, deliveryPenalty);
  }

  double[] filled(double v) {
    double[] a = new double[steps];
    Arrays.fill(a, v);
    return a;
  }

  GridModel grid() {
    List<Feeder> fs = new ArrayList<>();
    feeders.forEach((id, kw) -> fs.add(new Feeder(FeederId.of(id), Watts.kilowatts(kw))));
    List<Site> ss = new ArrayList<>();
    int m = 1;
    for (SiteSpec s : sites) {
      ss.add(
          new Site(
              SiteId.of(s.id),
              FeederId.of(s.feeder),
              MeterId.of("m-" + (m++)),
              Watts.kilowatts(s.importLimit),
              Watts.kilowatts(s.exportLimit),
              Watts.kilowatts(s.pvKwp),
              Watts.kilowatts(Arrays.stream(s.wind).max().orElse(0)),
              Optional.ofNullable(s.battery),
              Optional.ofNullable(s.flex),
              s.curtailmentCost == null
                  ? OptionalDouble.empty()
                  : OptionalDouble.of(s.curtailmentCost)));
    }
    return new GridModel(ZoneOffset.UTC, Watts.kilowatts(transformerKw), fs, ss);
  }

  Tariff tariff() {
    return new Tariff() {
      @Override
      public double importPerKwh(Instant t) {
        return importPrice[index(t)];
      }

      @Override
      public double exportPerKwh(Instant t) {
        return exportPrice[index(t)];
      }
    };
  }

  private int index(Instant t) {
    return (int) (Duration.between(start, t).toMinutes() / 15);
  }

  DispatchSettings settings() {
    DispatchSettings d = DispatchSettings.defaults();
    return new DispatchSettings(
        Duration.ofMinutes(15),
        steps,
        curtailmentPenalty,
        d.batteryWearPerKwh(),
        d.unservedFlexPenaltyPerKwh(),
        d.limitViolationPenaltyPerKwh(),
        0.9,
        0.1,
        1,
        Duration.ofSeconds(30));
  }

  Map<SiteId, SiteForecast> forecasts() {
    Map<SiteId, SiteForecast> out = new HashMap<>();
    for (SiteSpec s : sites) {
      out.put(SiteId.of(s.id), SiteForecast.median(s.demand, s.pv, s.wind));
    }
    return out;
  }

  Map<SiteId, SiteState> states() {
    Map<SiteId, SiteState> out = new HashMap<>();
    for (SiteSpec s : sites) {
      out.put(SiteId.of(s.id), new SiteState(s.batteryKwh, s.flexServed));
    }
    return out;
  }

  DispatchProblem problem() {
    return DispatchProblem.of(
        grid(), start, settings(), tariff(), forecasts(), states(), null, commitments());
  }

  int indexOf(String site) {
    for (int i = 0; i < sites.size(); i++) {
      if (sites.get(i).id.equals(site)) {
        return i;
      }
    }
    throw new IllegalArgumentException(site);
  }
}

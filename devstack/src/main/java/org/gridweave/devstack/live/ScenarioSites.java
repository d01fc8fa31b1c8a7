package org.gridweave.devstack.live;

import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;
import org.gridweave.firmware.fleet.SiteSource;
import org.gridweave.firmware.site.SimulatedSite;
import org.gridweave.firmware.site.SiteDriver;
import org.gridweave.firmware.site.SitePowers;
import org.gridweave.firmware.site.SiteRatings;
import org.gridweave.simulations.engine.Neighbourhood;
import org.gridweave.simulations.profile.LondonDemand;
import org.gridweave.simulations.scenario.Scenario;
import org.gridweave.simulations.scenario.ScenarioFile;

/**
 * The live mode of issue #8: a simulation scenario's prosumers played by real firmware meters
 * against the running services. Meter {@code m-000i} plays the scenario's prosumer {@code i - 1}
 * with its drawn assets (PV, wind, battery, the scenario's connection limits) on its feeder, and
 * its true demand, PV and wind series ({@link ScenarioSeries}) — the same population and series
 * {@code sim run} draws for the scenario and seed. The firmware's {@link SimulatedSite} does the
 * rest: setpoints, curtailment, the battery, metering.
 */
public final class ScenarioSites implements SiteSource {
  private final Scenario scenario;
  private final Neighbourhood hood;
  private final ScenarioSeries series;

  public ScenarioSites(Scenario scenario, Optional<LondonDemand> london, Instant anchor) {
    this.scenario = scenario;
    this.hood = Neighbourhood.of(scenario, london);
    this.series = new ScenarioSeries(hood, anchor);
  }

  /**
   * Reads and validates the scenario file (errors name the file and line, as {@code sim run}'s);
   * London demand from {@code sharedData} when the scenario asks for it and the folder is there.
   */
  public static ScenarioSites load(Path scenarioFile, Optional<Path> sharedData, Instant anchor) {
    Scenario s = ScenarioFile.load(scenarioFile);
    Optional<LondonDemand> london =
        s.demand() == Scenario.DemandSource.LONDON
            ? sharedData
                .map(d -> d.resolve(LondonDemand.FOLDER))
                .filter(java.nio.file.Files::isDirectory)
                .map(LondonDemand::load)
            : Optional.empty();
    return new ScenarioSites(s, london, anchor);
  }

  public Scenario scenario() {
    return scenario;
  }

  public int size() {
    return hood.prosumers().size();
  }

  /** {@code london} or {@code synthetic}. */
  public String demandSource() {
    return hood.demandSource();
  }

  public ScenarioSeries series() {
    return series;
  }

  /** The scenario's feeder limits in kW, by feeder id, in file order. */
  public Map<String, Double> feederLimitsKw() {
    Map<String, Double> limits = new LinkedHashMap<>();
    for (Scenario.FeederSpec f : scenario.feeders()) {
      limits.put(f.id(), f.limitKw());
    }
    return limits;
  }

  public List<Neighbourhood.Prosumer> prosumers() {
    return hood.prosumers();
  }

  /** The ratings meter {@code index} (1-based) registers. */
  public SiteRatings ratings(int index) {
    Neighbourhood.Prosumer p = prosumer(index);
    return new SiteRatings(
        Watts.of(p.pvKwp() * 1000),
        Watts.of(p.windKw() * 1000),
        WattHours.of(p.batteryKwh() * 1000),
        Watts.of(p.batteryKw() * 1000),
        Watts.of(p.batteryKw() * 1000),
        Watts.ZERO,
        Watts.of(scenario.importLimitKw() * 1000),
        Watts.of(scenario.exportLimitKw() * 1000));
  }

  @Override
  public SiteDriver driver(int index, long seed) {
    int prosumer = prosumer(index).index();
    return new SimulatedSite(
        ratings(index),
        seed,
        new SitePowers() {
          @Override
          public double loadW(Instant now) {
            return series.demandW(prosumer, now);
          }

          @Override
          public double pvAvailableW(Instant now) {
            return series.pvW(prosumer, now);
          }

          @Override
          public double windW(Instant now) {
            return series.windW(prosumer, now);
          }
        });
  }

  @Override
  public Optional<FeederId> feeder(int index) {
    return Optional.of(FeederId.of(prosumer(index).feeder()));
  }

  private Neighbourhood.Prosumer prosumer(int index) {
    if (index < 1 || index > size()) {
      throw new IllegalArgumentException(
          "the scenario " + scenario.name() + " has " + size() + " prosumers, not " + index);
    }
    return hood.prosumers().get(index - 1);
  }
}

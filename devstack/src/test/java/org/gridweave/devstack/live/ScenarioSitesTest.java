package org.gridweave.devstack.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.Sample;
import org.gridweave.firmware.site.SiteDriver;
import org.gridweave.simulations.engine.Neighbourhood;
import org.gridweave.simulations.scenario.Scenario;
import org.gridweave.simulations.scenario.ScenarioFile;
import org.junit.jupiter.api.Test;

class ScenarioSitesTest {
  /** Thursday 26 November 2026, 10:00 in London (UTC in winter). */
  private static final Instant ANCHOR = Instant.parse("2026-11-26T10:00:00Z");

  private static Scenario community50() throws Exception {
    Path file =
        org.gridweave.devstack.Stack.home().resolve("simulations/scenarios/community-50.yaml");
    String yaml = Files.readString(file).replace("demand: london", "demand: synthetic");
    return ScenarioFile.parse("community-50.yaml", yaml);
  }

  @Test
  void everyProsumerOfTheScenarioBecomesAMeterOnItsFeederWithItsAssets() throws Exception {
    Scenario scenario = community50();
    ScenarioSites sites = new ScenarioSites(scenario, Optional.empty(), ANCHOR);

    assertThat(sites.size()).isEqualTo(50);
    assertThat(sites.feeder(1)).hasValueSatisfying(f -> assertThat(f.value()).isEqualTo("north"));
    assertThat(sites.feeder(25)).hasValueSatisfying(f -> assertThat(f.value()).isEqualTo("north"));
    assertThat(sites.feeder(26)).hasValueSatisfying(f -> assertThat(f.value()).isEqualTo("south"));
    assertThat(sites.feederLimitsKw()).containsEntry("north", 90.0).containsEntry("south", 90.0);
    double pvKwp = 0;
    int batteries = 0;
    for (int i = 1; i <= 50; i++) {
      pvKwp += sites.ratings(i).pvPeak().kilowatts();
      batteries += sites.ratings(i).hasBattery() ? 1 : 0;
      assertThat(sites.ratings(i).gridImportLimit().kilowatts()).isEqualTo(15.0);
      assertThat(sites.ratings(i).gridExportLimit().kilowatts()).isEqualTo(5.0);
    }
    Neighbourhood same = Neighbourhood.of(scenario, Optional.empty());
    assertThat(pvKwp)
        .isCloseTo(
            same.prosumers().stream().mapToDouble(Neighbourhood.Prosumer::pvKwp).sum(),
            within(1e-9));
    assertThat(batteries)
        .isEqualTo(same.prosumers().stream().filter(p -> p.batteryKwh() > 0).count());
    assertThatThrownBy(() -> sites.driver(51, 1)).hasMessageContaining("has 50 prosumers");
  }

  @Test
  void todayIsTheScenariosFirstDayAndTheWeekWrapsBothWays() throws Exception {
    ScenarioSeries series = new ScenarioSites(community50(), Optional.empty(), ANCHOR).series();

    assertThat(series.days()).isEqualTo(7);
    assertThat(series.position(Instant.parse("2026-11-26T00:07:00Z")))
        .isEqualTo(new ScenarioSeries.Position(0, 0));
    // 12:20 is the 50th quarter-hour of the day (index 49)
    assertThat(series.position(Instant.parse("2026-11-27T12:20:00Z")))
        .isEqualTo(new ScenarioSeries.Position(1, 49));
    // the day before today is the scenario's last day (the demo's replayed history)
    assertThat(series.position(Instant.parse("2026-11-25T23:50:00Z")))
        .isEqualTo(new ScenarioSeries.Position(6, 95));
    assertThat(series.position(Instant.parse("2026-12-03T00:00:00Z")))
        .isEqualTo(new ScenarioSeries.Position(0, 0));
  }

  @Test
  void aMeterPlayingAProsumerMetersItsDemandSeries() throws Exception {
    ScenarioSites sites = new ScenarioSites(community50(), Optional.empty(), ANCHOR);
    int consumer = 0;
    for (int i = 1; i <= 50 && consumer == 0; i++) {
      if (!sites.ratings(i).hasPv() && !sites.ratings(i).hasBattery()) {
        consumer = i;
      }
    }
    assertThat(consumer).as("community-50 has homes without PV and battery").isPositive();
    SiteDriver meter = sites.driver(consumer, 7);
    Instant t0 = Instant.parse("2026-11-26T18:00:00Z");
    meter.read(t0);

    double expectedWh = 0;
    Sample last = null;
    for (int s = 1; s <= 3600; s += 1) {
      Instant t = t0.plusSeconds(s);
      last = meter.read(t);
      // the power over (t - 1 s, t] is the one read at t
      expectedWh += Math.round(sites.series().demandW(consumer - 1, t) * 10) / 10.0 / 3600;
    }

    assertThat(expectedWh).as("an evening hour draws something").isGreaterThan(50);
    assertThat(last.value(Measurement.ENERGY_IMPORT)).isCloseTo(expectedWh, within(1e-6));
    assertThat(last.value(Measurement.ENERGY_EXPORT)).isZero();
  }
}

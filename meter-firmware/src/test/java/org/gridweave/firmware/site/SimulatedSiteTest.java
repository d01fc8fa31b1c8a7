package org.gridweave.firmware.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.protocol.Command;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.Sample;
import org.gridweave.core.unit.Watts;
import org.junit.jupiter.api.Test;

class SimulatedSiteTest {
  private static final Instant DAWN = Instant.parse("2026-06-21T04:00:00Z");
  private static final Measurement[] COUNTERS = {
    Measurement.ENERGY_IMPORT,
    Measurement.ENERGY_EXPORT,
    Measurement.ENERGY_PV,
    Measurement.ENERGY_BATTERY_CHARGE,
    Measurement.ENERGY_BATTERY_DISCHARGE
  };

  private static List<Sample> day(SimulatedSite site, Duration step) {
    List<Sample> samples = new ArrayList<>();
    for (Instant t = DAWN; t.isBefore(DAWN.plus(Duration.ofHours(24))); t = t.plus(step)) {
      samples.add(site.read(t));
    }
    return samples;
  }

  @Test
  void energyCountersNeverDecreaseOverADay() {
    List<Sample> samples =
        day(new SimulatedSite(SiteRatings.typicalHouse(), 1), Duration.ofSeconds(10));

    for (Measurement m : COUNTERS) {
      for (int i = 1; i < samples.size(); i++) {
        assertThat(samples.get(i).value(m))
            .as(m.field())
            .isGreaterThanOrEqualTo(samples.get(i - 1).value(m));
      }
    }
  }

  @Test
  void importAndExportCountersAreTheIntegralOfPower() {
    Duration step = Duration.ofSeconds(10);
    List<Sample> samples = day(new SimulatedSite(SiteRatings.typicalHouse(), 2), step);

    double importWh = 0;
    double exportWh = 0;
    for (int i = 1; i < samples.size(); i++) {
      importWh += samples.get(i).powerImport().value() * step.toSeconds() / 3600.0;
      exportWh += samples.get(i).powerExport().value() * step.toSeconds() / 3600.0;
    }
    Sample first = samples.get(0);
    Sample last = samples.get(samples.size() - 1);
    assertThat(last.energyImport().value() - first.energyImport().value())
        .isCloseTo(importWh, within(1e-6));
    assertThat(last.energyExport().value() - first.energyExport().value())
        .isCloseTo(exportWh, within(1e-6));
    assertThat(last.value(Measurement.ENERGY_PV)).as("a June day of PV").isGreaterThan(5000);
  }

  @Test
  void sameSeedGivesTheSameReadings() {
    assertThat(day(new SimulatedSite(SiteRatings.typicalHouse(), 9), Duration.ofMinutes(5)))
        .isEqualTo(day(new SimulatedSite(SiteRatings.typicalHouse(), 9), Duration.ofMinutes(5)));
  }

  @Test
  void batteryDischargesAtTheSetpointUntilItExpires() {
    SimulatedSite site = new SimulatedSite(SiteRatings.typicalHouse(), 3);
    Instant noon = Instant.parse("2026-06-21T12:00:00Z");
    site.read(noon);
    CommandOutcome outcome =
        site.apply(
            new Command(
                "c-1",
                MeterId.of("m-1"),
                noon,
                noon.plusSeconds(60),
                Optional.empty(),
                Optional.of(Watts.of(1500)),
                Optional.empty(),
                Optional.empty(),
                ""));
    assertThat(outcome.applied()).isTrue();

    Sample during = site.read(noon.plusSeconds(30));
    Sample after = site.read(noon.plusSeconds(120));

    assertThat(during.value(Measurement.ENERGY_BATTERY_DISCHARGE))
        .isCloseTo(1500 * 30 / 3600.0, within(1e-9));
    assertThat(after.value(Measurement.ENERGY_BATTERY_DISCHARGE))
        .as("at noon in June self-consumption charges rather than discharges")
        .isCloseTo(during.value(Measurement.ENERGY_BATTERY_DISCHARGE), within(1e-9));
  }

  @Test
  void restoredStateContinuesTheCounters() {
    SimulatedSite before = new SimulatedSite(SiteRatings.typicalHouse(), 4);
    List<Sample> samples = day(before, Duration.ofMinutes(1));
    SimulatedSite after = new SimulatedSite(SiteRatings.typicalHouse(), 4);
    after.restore(before.state());

    Sample next = after.read(DAWN.plus(Duration.ofHours(24)));

    for (Measurement m : COUNTERS) {
      assertThat(next.value(m)).isGreaterThanOrEqualTo(samples.get(samples.size() - 1).value(m));
    }
  }
}

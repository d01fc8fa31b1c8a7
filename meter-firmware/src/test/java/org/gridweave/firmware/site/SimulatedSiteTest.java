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

  /** Constant powers: 800 W load, 3,000 W of PV available, no wind. */
  private static final SitePowers STEADY =
      new SitePowers() {
        @Override
        public double loadW(Instant now) {
          return 800;
        }

        @Override
        public double pvAvailableW(Instant now) {
          return 3000;
        }

        @Override
        public double windW(Instant now) {
          return 0;
        }
      };

  private static SiteRatings pvOnly() {
    return new SiteRatings(
        Watts.of(5000),
        Watts.ZERO,
        org.gridweave.core.unit.WattHours.ZERO,
        Watts.ZERO,
        Watts.ZERO,
        Watts.ZERO,
        Watts.of(17_000),
        Watts.of(10_000));
  }

  @Test
  void givenPowersReplaceTheBuiltInCurvesAndAreMeteredExactly() {
    SimulatedSite site = new SimulatedSite(pvOnly(), 5, STEADY);
    Instant midnight = Instant.parse("2026-01-10T00:00:00Z");
    site.read(midnight);

    Sample tenMinutesLater = site.read(midnight.plusSeconds(600));

    // 10 minutes: PV 3,000 W even at midnight (the powers rule, not the sun), load 800 W, so the
    // export is 2,200 W: 500 Wh of PV and 366.67 Wh exported.
    assertThat(tenMinutesLater.value(Measurement.ENERGY_PV)).isCloseTo(500, within(1e-6));
    assertThat(tenMinutesLater.value(Measurement.ENERGY_EXPORT))
        .isCloseTo(2200 / 6.0, within(1e-6));
    assertThat(tenMinutesLater.value(Measurement.ENERGY_IMPORT)).isZero();
  }

  @Test
  void curtailmentSetpointsStillApplyToGivenPv() {
    SimulatedSite site = new SimulatedSite(pvOnly(), 6, STEADY);
    Instant t = Instant.parse("2026-01-10T00:00:00Z");
    site.read(t);
    site.apply(
        new Command(
            "c-2",
            MeterId.of("m-1"),
            t,
            t.plusSeconds(3600),
            Optional.empty(),
            Optional.empty(),
            Optional.of(org.gridweave.core.unit.Percent.of(50)),
            Optional.empty(),
            ""));

    Sample later = site.read(t.plusSeconds(360));

    // half of 3,000 W for 6 minutes = 150 Wh of PV; 1,500 − 800 = 700 W exported = 70 Wh
    assertThat(later.value(Measurement.ENERGY_PV)).isCloseTo(150, within(1e-6));
    assertThat(later.value(Measurement.ENERGY_EXPORT)).isCloseTo(70, within(1e-6));
  }
}

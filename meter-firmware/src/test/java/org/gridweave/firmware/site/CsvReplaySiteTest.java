package org.gridweave.firmware.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvReplaySiteTest {
  @TempDir Path tmp;
  private final ReplayProfiles profiles = new ReplayProfiles();

  @Test
  void readsALondonHouseholdAsHalfHourlyImport() throws IOException {
    Path file = SharedData.folder("london-smart-meters-lcl-2013").resolve("MAC000002.csv");

    ReplayProfile p = profiles.london(file);

    assertThat(p.step()).isEqualTo(Duration.ofMinutes(30));
    assertThat(p.start()).isEqualTo(Instant.parse("2013-01-01T00:00:00Z"));
    assertThat(p.steps()).isEqualTo(17520);
    assertThat(p.importAt(0)).isCloseTo(0.219 * 2000, within(1e-9));
    assertThat(p.hasPv()).isFalse();
  }

  @Test
  void fillsMissingLondonHalfHoursWithThePreviousValue() throws IOException {
    Path file = SharedData.folder("london-smart-meters-lcl-2013").resolve("MAC000009.csv");

    ReplayProfile p = profiles.london(file);

    assertThat(p.steps()).isEqualTo(17520);
  }

  @Test
  void replaysTheOpsdProsumerWithPvAndExport() throws IOException {
    Path file =
        SharedData.folder("household-opsd-residential4")
            .resolve("household_data_60min_singleindex.csv");
    ReplayProfile p = profiles.opsd(file);
    CsvReplaySite site =
        new CsvReplaySite(p, 1.0, Duration.ZERO, CsvReplaySite.ratingsFor(p, 1.0), 1);

    Instant noon = Instant.parse("2026-06-21T12:00:00Z");
    Sample first = null;
    Sample last = null;
    for (int s = 0; s <= 3600; s += 10) {
      last = site.read(noon.plusSeconds(s));
      first = first == null ? last : first;
    }

    assertThat(p.hasPv()).isTrue();
    assertThat(p.maxPvW()).isGreaterThan(3000);
    assertThat(last.value(Measurement.ENERGY_PV)).isGreaterThan(first.value(Measurement.ENERGY_PV));
    assertThat(last.energyExport().value()).isGreaterThanOrEqualTo(first.energyExport().value());
  }

  @Test
  void metersWithDifferentOffsetsDoNotReplayInLockstep() throws IOException {
    ReplayProfile p =
        profiles.london(SharedData.folder("london-smart-meters-lcl-2013").resolve("MAC000003.csv"));
    Instant t = Instant.parse("2026-03-10T19:00:00Z");

    double a =
        new CsvReplaySite(p, 1, CsvReplaySite.offsetFor(1), CsvReplaySite.ratingsFor(p, 1), 1)
            .read(t)
            .powerImport()
            .value();
    double b =
        new CsvReplaySite(p, 1, CsvReplaySite.offsetFor(2), CsvReplaySite.ratingsFor(p, 1), 2)
            .read(t)
            .powerImport()
            .value();

    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void wrapsAroundAtTheEndOfTheProfile() throws IOException {
    ReplayProfile p =
        profiles.london(SharedData.folder("london-smart-meters-lcl-2013").resolve("MAC000002.csv"));

    assertThat(p.positionSeconds(Instant.parse("2030-01-01T00:45:00Z"))).isEqualTo(2700.0);
    assertThat(p.positionSeconds(Instant.parse("2030-12-31T23:59:00Z")))
        .isLessThan(p.span().toSeconds());
  }

  @Test
  void aMalformedLondonRowIsReportedWithFileAndLine() throws IOException {
    Path file = tmp.resolve("MAC999999.csv");
    Files.writeString(
        file,
        """
        LCLid,tstp,energy(kWh/hh)
        MAC999999,2013-01-01 00:00:00, 0.219\s
        MAC999999,2013-01-01 00:30:00, lots\s
        """);

    assertThatThrownBy(() -> profiles.london(file))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("MAC999999.csv:3")
        .hasMessageContaining("'lots' is not a number");
  }

  @Test
  void aMalformedOpsdTimestampIsReportedWithFileAndLine() throws IOException {
    Path file = tmp.resolve("household.csv");
    Files.writeString(
        file,
        """
        utc_timestamp,x_grid_export,x_grid_import,x_pv
        2015-10-04T01:00:00Z,1.0,2.0,3.0
        yesterday,1.0,2.0,3.0
        """);

    assertThatThrownBy(() -> profiles.opsd(file))
        .isInstanceOf(ProfileFormatException.class)
        .hasMessageContaining("household.csv:3")
        .hasMessageContaining("utc_timestamp");
  }
}

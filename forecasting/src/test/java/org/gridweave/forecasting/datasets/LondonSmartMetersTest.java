package org.gridweave.forecasting.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LondonSmartMetersTest {

  @TempDir Path dir;

  @Test
  void trims_the_spaces_around_values_and_keeps_absent_half_hours_missing() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("MAC000002.csv"),
            "LCLid,tstp,energy(kWh/hh)\n"
                + "MAC000002,2013-01-01 00:00:00, 0.219 \n"
                + "MAC000002,2013-01-01 00:30:00, 0.241 \n"
                + "MAC000002,2013-01-01 01:30:00, 0.2 \n");
    SeriesTable t = LondonSmartMeters.read(List.of(f));
    SeriesTable.Series s = t.series("MAC000002");
    assertThat(t.seriesColumn()).isEqualTo("LCLid");
    assertThat(s.length()).isEqualTo(4);
    assertThat(s.target()).containsExactly(0.219, 0.241, Double.NaN, 0.2);
    assertThat(t.notes())
        .containsExactly(
            "MAC000002: 1 missing half-hours between 2013-01-01T00:00 and 2013-01-01T01:30");
  }

  @Test
  void rejects_a_duplicate_time_naming_file_and_line() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("MAC000003.csv"),
            "LCLid,tstp,energy(kWh/hh)\n"
                + "MAC000003,2013-01-01 00:00:00, 0.1 \n"
                + "MAC000003,2013-01-01 00:00:00, 0.2 \n");
    assertThatThrownBy(() -> LondonSmartMeters.read(List.of(f)))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("MAC000003.csv:3:");
  }

  @Test
  void rejects_a_time_off_the_half_hour() throws IOException {
    Path f =
        Files.writeString(
            dir.resolve("MAC000004.csv"),
            "LCLid,tstp,energy(kWh/hh)\nMAC000004,2013-01-01 00:10:00, 0.1 \n");
    assertThatThrownBy(() -> LondonSmartMeters.read(List.of(f)))
        .hasMessageContaining("MAC000004.csv:2:")
        .hasMessageContaining("half hour");
  }

  @Test
  void london_origins_are_midnights_spread_over_the_last_two_months() {
    SeriesTable.Builder b =
        new SeriesTable.Builder("l", java.time.Duration.ofMinutes(30), List.of());
    b.target("a", LocalDateTime.of(2013, 1, 1, 0, 0), 1);
    b.target("a", LocalDateTime.of(2013, 12, 31, 23, 30), 1);
    Backtests.Plan plan = Backtests.london(b.build("tstp", "energy_kwh", "LCLid"), 6, null);
    assertThat(plan.folds())
        .extracting(Fold::origin)
        .containsExactly(
            LocalDateTime.of(2013, 11, 1, 0, 0),
            LocalDateTime.of(2013, 11, 13, 0, 0),
            LocalDateTime.of(2013, 11, 25, 0, 0),
            LocalDateTime.of(2013, 12, 6, 0, 0),
            LocalDateTime.of(2013, 12, 18, 0, 0),
            LocalDateTime.of(2013, 12, 30, 0, 0));
    assertThat(plan.folds()).allSatisfy(f -> assertThat(f.horizon()).isEqualTo(48));
  }
}

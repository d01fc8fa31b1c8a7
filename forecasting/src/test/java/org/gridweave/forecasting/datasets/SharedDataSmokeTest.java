package org.gridweave.forecasting.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;

/** Reads each shared data set and checks shapes only; skipped when ../shared/data is absent. */
class SharedDataSmokeTest {

  private static Path dataset(String name) {
    Path data = DataFiles.sharedData().orElse(null);
    assumeTrue(
        data != null && Files.isDirectory(data.resolve(name)),
        "shared data set "
            + name
            + " not found (set -D"
            + DataFiles.DATA_PROPERTY
            + " or put it at ../shared/data); skipping");
    return data.resolve(name);
  }

  @Test
  void load_has_a_gap_free_system_series_from_2006_11_29_to_2008_06_30_h6() throws IOException {
    SeriesTable t = Gefcom2012Load.read(dataset(Gefcom2012Load.NAME));
    SeriesTable.Series s = t.single();
    assertThat(t.features()).hasSize(11);
    assertThat(s.start()).isEqualTo(LocalDateTime.of(2004, 1, 1, 0, 0));
    int from = s.index(LocalDateTime.of(2006, 11, 29, 0, 0));
    int to = s.index(LocalDateTime.of(2008, 6, 30, 5, 0));
    for (int i = from; i <= to; i++) {
      assertThat(s.target()[i]).as("load at " + s.time(i)).isFinite();
    }
    assertThat(s.target()[from - 1]).as("last backcast week").isNaN();
    assertThat(s.target(LocalDateTime.of(2008, 6, 30, 6, 0))).isNaN();
    assertThat(s.target(LocalDateTime.of(2004, 1, 1, 0, 0))).isEqualTo(1_397_668.0);
  }

  @Test
  void london_has_fourteen_households_of_2013() throws IOException {
    SeriesTable t = LondonSmartMeters.read(dataset(LondonSmartMeters.NAME));
    assertThat(t.series()).hasSize(14);
    assertThat(t.series().values())
        .allSatisfy(s -> {
          assertThat(s.start()).isEqualTo(LocalDateTime.of(2013, 1, 1, 0, 0));
          assertThat(s.end()).isEqualTo(LocalDateTime.of(2013, 12, 31, 23, 30));
        });
  }

  @Test
  void wind_has_seven_farms_and_origins_only_before_the_evaluation_holes() throws IOException {
    Gefcom2012Wind.Data d = Gefcom2012Wind.read(dataset(Gefcom2012Wind.NAME));
    assertThat(d.table().series()).hasSize(7);
    var origins = Backtests.windOrigins(d);
    assertThat(origins).isNotEmpty();
    assertThat(origins.get(origins.size() - 1)).isBefore(LocalDateTime.of(2011, 1, 1, 0, 0));
  }

  @Test
  void solar_has_three_zones_with_twelve_variables_until_february_2013() throws IOException {
    SeriesTable t = Gefcom2014Solar.read(dataset(Gefcom2014Solar.NAME));
    assertThat(t.series()).hasSize(3);
    assertThat(t.features()).hasSize(12 + Gefcom2014Solar.DERIVED.size());
    assertThat(t.series().values())
        .allSatisfy(s -> assertThat(s.end()).isEqualTo(LocalDateTime.of(2013, 2, 1, 0, 0)));
  }

  @Test
  void the_solar_farms_panels_are_tilted_towards_the_sun() throws IOException {
    // A clear sky's power over a horizontal surface's top-of-atmosphere energy falls by a third
    // from July to October: the panels are not flat. Fixed-tilt arrays at 35° S are mounted at
    // 10°..35°.
    SeriesTable t = Gefcom2014Solar.read(dataset(Gefcom2014Solar.NAME));
    double tilt = Gefcom2014Solar.estimateTilt(t, LocalDateTime.of(2012, 11, 1, 0, 0));
    assertThat(tilt).isBetween(10.0, 35.0);
  }
}

package org.gridweave.forecasting.datasets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gefcom2014SolarTest {

  private static final String NWP_HEADER =
      "ZONEID,TIMESTAMP,VAR78,VAR79,VAR134,VAR157,VAR164,VAR165,VAR166,VAR167,VAR169,VAR175,VAR178,VAR228\n";

  @TempDir Path dir;

  /** A row whose accumulated fields all hold {@code acc} and whose VAR167 holds {@code temp}. */
  private static String nwp(int zone, String stamp, double acc, double temp) {
    return zone
        + ","
        + stamp
        + ",0.1,0.2,94000,50,0.5,1,-1,"
        + temp
        + ","
        + acc
        + ","
        + acc
        + ","
        + acc
        + ","
        + acc
        + "\n";
  }

  @Test
  void deaccumulates_radiation_across_the_0100_reset() throws IOException {
    // zone 2 listed before zone 1, as the competition files interleave zones by day
    String nwp =
        NWP_HEADER
            + nwp(2, "20120401 23:00", 7000, 290)
            + nwp(2, "20120402 00:00", 7000, 290)
            + nwp(2, "20120402 01:00", 500, 290)
            + nwp(1, "20120401 22:00", 1000, 291)
            + nwp(1, "20120401 23:00", 1500, 292)
            + nwp(1, "20120402 00:00", 1800, 293)
            + nwp(1, "20120402 01:00", 200, 294)
            + nwp(1, "20120402 02:00", 500, 295)
            + nwp(1, "20120402 03:00", 499, 296);
    String power = "ZONEID,TIMESTAMP,POWER\n";
    for (String z : new String[] {"1", "2"}) {
      for (String t :
          new String[] {
            "20120401 22:00",
            "20120401 23:00",
            "20120402 00:00",
            "20120402 01:00",
            "20120402 02:00",
            "20120402 03:00"
          }) {
        power += z + "," + t + ",0.5\n";
      }
    }
    SeriesTable table =
        Gefcom2014Solar.read(
            Files.writeString(dir.resolve("power.csv"), power),
            Files.writeString(dir.resolve("nwp.csv"), nwp));

    int ssrd = table.features().indexOf("VAR169");
    int temp = table.features().indexOf("VAR167");
    SeriesTable.Series z1 = table.series("1");
    assertThat(z1.feature(ssrd, at(1, 23))).isEqualTo(500.0);
    assertThat(z1.feature(ssrd, at(2, 0))).isEqualTo(300.0);
    assertThat(z1.feature(ssrd, at(2, 1)))
        .as("01:00 is the first hour after the reset")
        .isEqualTo(200.0);
    assertThat(z1.feature(ssrd, at(2, 2))).isEqualTo(300.0);
    assertThat(z1.feature(ssrd, at(2, 3))).as("small decrease clipped").isEqualTo(0.0);
    assertThat(z1.feature(ssrd, at(1, 22))).as("no previous hour").isNaN();
    assertThat(z1.feature(temp, at(2, 2))).as("instantaneous fields unchanged").isEqualTo(295.0);
    SeriesTable.Series z2 = table.series("2");
    assertThat(z2.feature(ssrd, at(2, 0))).isEqualTo(0.0);
    assertThat(z2.feature(ssrd, at(2, 1))).isEqualTo(500.0);
    assertThat(table.notes()).anyMatch(n -> n.startsWith("VAR169: clipped 1 "));

    // 2012-04-02, hour ending 02:00 UTC near Canberra: mid-hour 01:30 UTC is about 35 minutes
    // before solar noon; noon elevation 90 - 35 - 4.9 (declination) = 50.1°.
    double elevation = z1.feature(table.features().indexOf("SUN_ELEVATION"), at(2, 2));
    assertThat(elevation).isBetween(47.0, 50.1);
    double toa = z1.feature(table.features().indexOf("TOA"), at(2, 2));
    assertThat(toa).isBetween(3.4e6, 3.9e6);
    assertThat(z1.feature(table.features().indexOf("SSRD_INDEX"), at(2, 2)))
        .isCloseTo(300.0 / toa, within(1e-12));
  }

  @Test
  void solar_folds_are_whole_months_after_a_midnight_origin() {
    SeriesTable.Builder b =
        new SeriesTable.Builder("s", java.time.Duration.ofHours(1), java.util.List.of());
    for (LocalDateTime t = LocalDateTime.of(2012, 4, 1, 1, 0);
        !t.isAfter(LocalDateTime.of(2013, 2, 1, 0, 0));
        t = t.plusHours(1)) {
      b.target("1", t, 0.1);
    }
    Backtests.Plan plan = Backtests.solar(b.build("time", "power", "zone"), 3, null);
    assertThat(plan.folds())
        .extracting(Fold::origin)
        .containsExactly(
            LocalDateTime.of(2012, 11, 1, 0, 0),
            LocalDateTime.of(2012, 12, 1, 0, 0),
            LocalDateTime.of(2013, 1, 1, 0, 0));
    assertThat(plan.folds()).extracting(Fold::horizon).containsExactly(30 * 24, 31 * 24, 31 * 24);
    assertThat(plan.quantiles())
        .hasSize(99)
        .startsWith(0.01)
        .endsWith(0.99)
        .contains(0.1, 0.5, 0.9);
  }

  private static LocalDateTime at(int day, int hour) {
    return LocalDateTime.of(2012, 4, day, hour, 0);
  }
}

package org.gridweave.forecasting.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Gefcom2012WindTest {

  @TempDir Path dir;

  /** Issue {@code YYYYMMDDHH} with u = code + lead / 100 so every value names its source. */
  private static String issue(String date, double code, int leads) {
    StringBuilder sb = new StringBuilder();
    for (int lead = 1; lead <= leads; lead++) {
      String u = String.format(java.util.Locale.ROOT, "%.2f", code + lead / 100.0);
      sb.append(date).append(',').append(lead).append(',').append(u).append(",0,1,90\n");
    }
    return sb.toString();
  }

  private Gefcom2012Wind.Forecasts forecasts() throws IOException {
    String csv =
        "date,hors,u,v,ws,wd\n"
            + issue("2010010100", 1, 48)
            + issue("2010010112", 2, 48)
            + issue("2010010200", 3, 48)
            + "2010010212,1,NA,NA,NA,NA\n"
            + issue("2010010300", 5, 48);
    return Gefcom2012Wind.readForecasts(Files.writeString(dir.resolve("wf1.csv"), csv));
  }

  @Test
  void train_hours_use_the_most_recent_issue_strictly_before_the_hour() throws IOException {
    var f = forecasts();
    LocalDateTime origin = LocalDateTime.of(2010, 1, 3, 0, 0);
    assertThat(f.at(LocalDateTime.of(2010, 1, 1, 13, 0), origin)[0]).isEqualTo(2.01);
    assertThat(f.at(LocalDateTime.of(2010, 1, 1, 12, 0), origin)[0])
        .as("the 12:00 issue is not strictly before 12:00")
        .isEqualTo(1.12);
    assertThat(f.at(LocalDateTime.of(2010, 1, 2, 0, 0), origin)[0]).isEqualTo(2.12);
    assertThat(f.at(LocalDateTime.of(2010, 1, 2, 13, 0), origin)[0])
        .as("issue 2010010212 is NA: fall back to 2010010200, lead 13")
        .isEqualTo(3.13);
    assertThat(f.at(origin, origin)[0]).as("the origin hour itself is TRAIN").isEqualTo(3.24);
  }

  @Test
  void the_lagged_ensemble_averages_every_issue_known_at_the_time_that_reaches_the_hour()
      throws IOException {
    var f = forecasts();
    int u = Gefcom2012Wind.FEATURES.indexOf("u_issues");
    int ws = Gefcom2012Wind.FEATURES.indexOf("ws_issues");
    LocalDateTime hour = LocalDateTime.of(2010, 1, 2, 13, 0);
    // From an origin at 2010-01-01 12:00: issues 01-01 12:00 (lead 25) and 01-01 00:00 (lead 37).
    assertThat(f.at(hour, LocalDateTime.of(2010, 1, 1, 12, 0))[u])
        .isCloseTo((2.25 + 1.37) / 2, org.assertj.core.api.Assertions.within(1e-12));
    // As a TRAIN hour: 01-02 12:00 is NA and skipped; 01-02 00:00 (lead 13), 01-01 12:00 (25),
    // 01-01 00:00 (37); 01-01 00:00 is the oldest issue in the file.
    assertThat(f.at(hour, LocalDateTime.of(2010, 1, 3, 0, 0))[u])
        .isCloseTo((3.13 + 2.25 + 1.37) / 3, org.assertj.core.api.Assertions.within(1e-12));
    assertThat(f.at(hour, LocalDateTime.of(2010, 1, 3, 0, 0))[ws]).isEqualTo(1.0);
    // 48 h after the origin only the origin's own issue reaches the hour.
    assertThat(f.at(LocalDateTime.of(2010, 1, 3, 12, 0), LocalDateTime.of(2010, 1, 1, 12, 0))[u])
        .isEqualTo(2.48);
  }

  @Test
  void test_hours_use_the_issue_at_the_origin() throws IOException {
    var f = forecasts();
    LocalDateTime origin = LocalDateTime.of(2010, 1, 1, 12, 0);
    assertThat(f.at(LocalDateTime.of(2010, 1, 1, 13, 0), origin)[0]).isEqualTo(2.01);
    assertThat(f.at(LocalDateTime.of(2010, 1, 2, 13, 0), origin)[0])
        .as("a later issue exists but is not known at the origin")
        .isEqualTo(2.25);
    assertThat(f.at(LocalDateTime.of(2010, 1, 3, 12, 0), origin)[0]).isEqualTo(2.48);
    assertThat(f.at(LocalDateTime.of(2010, 1, 3, 13, 0), origin)[0]).as("beyond 48 h").isNaN();
    assertThat(f.complete(LocalDateTime.of(2010, 1, 2, 12, 0), 48)).isFalse();
    assertThat(f.complete(origin, 48)).isTrue();
  }

  @Test
  void reads_the_tab_separated_training_file_with_quoted_header() throws IOException {
    String tsv = "\"date\"\t\"wp1\"\t\"wp2\"\n2009070100\t0.045\t0.233\n2009070101\t0.085\t0\n";
    SeriesTable t = Gefcom2012Wind.readPower(Files.writeString(dir.resolve("train.csv"), tsv));
    assertThat(t.series().keySet()).containsExactly("wp1", "wp2");
    assertThat(t.series("wp2").target(LocalDateTime.of(2009, 7, 1, 1, 0))).isEqualTo(0.0);
    assertThat(t.series("wp1").start()).isEqualTo(LocalDateTime.of(2009, 7, 1, 0, 0));
  }

  @Test
  void absent_measurement_hours_are_missing_and_the_usage_column_is_ignored() throws IOException {
    String csv =
        "\"date\",\"wp1\",\"usage\"\n2011010100,0.5,\"Training\"\n2011010301,0.25,\"Training\"\n";
    SeriesTable t = Gefcom2012Wind.readPower(Files.writeString(dir.resolve("m.csv"), csv));
    SeriesTable.Series s = t.series("wp1");
    assertThat(s.length()).isEqualTo(50);
    assertThat(s.target(LocalDateTime.of(2011, 1, 2, 0, 0))).isNaN();
    assertThat(s.target(LocalDateTime.of(2011, 1, 3, 1, 0))).isEqualTo(0.25);
  }
}

package org.gridweave.forecasting.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The evaluation CLI's refusals: exit code 2 and one line naming file, line and column. */
class ForecastCliTest {
  @TempDir Path dir;
  private final StringWriter err = new StringWriter();

  private static String hourly(int from, int to) {
    StringBuilder b = new StringBuilder("time,load,temp\n");
    LocalDateTime start = LocalDateTime.of(2024, 3, 1, 0, 0);
    for (int i = from; i < to; i++) {
      b.append(start.plusHours(i)).append(',').append(100 + i % 24).append(",5\n");
    }
    return b.toString();
  }

  private int run(String train, String test, String... extra) throws IOException {
    Files.writeString(dir.resolve("TRAIN.csv"), train);
    Files.writeString(dir.resolve("TEST.csv"), test);
    CommandLine cli = ForecastCli.commandLine();
    cli.setErr(new PrintWriter(err, true));
    cli.setOut(new PrintWriter(new StringWriter(), true));
    String[] base = {
      "evaluate",
      "--train",
      dir.resolve("TRAIN.csv").toString(),
      "--test",
      dir.resolve("TEST.csv").toString(),
      "--time",
      "time",
      "--target",
      "load",
      "--features",
      "temp",
      "--models",
      "linear",
      "--out",
      dir.resolve("p.csv").toString()
    };
    String[] args = new String[base.length + extra.length];
    System.arraycopy(base, 0, args, 0, base.length);
    System.arraycopy(extra, 0, args, base.length, extra.length);
    return cli.execute(args);
  }

  private static final String TRAIN = hourly(0, 24 * 20);
  private static final String TEST = hourly(24 * 20, 24 * 21);

  @Test
  void a_good_pair_of_files_is_evaluated() throws IOException {
    assertThat(run(TRAIN, TEST)).isZero();
    assertThat(Files.readAllLines(dir.resolve("p.csv"))).hasSize(25);
  }

  @Test
  void an_empty_file_has_no_header() throws IOException {
    assertThat(run("", TEST)).isEqualTo(2);
    assertThat(err.toString()).contains("TRAIN.csv").contains("header");
  }

  @Test
  void an_unknown_column_is_named_with_the_header() throws IOException {
    assertThat(run(TRAIN.replace("temp", "temperature"), TEST)).isEqualTo(2);
    assertThat(err.toString()).contains("TRAIN.csv, line 1, column 'temp': unknown column");
  }

  @Test
  void a_non_numeric_value_names_line_and_column() throws IOException {
    String bad = TRAIN.replaceFirst("\n2024-03-01T02:00,102,", "\n2024-03-01T02:00,lots,");
    assertThat(run(bad, TEST)).isEqualTo(2);
    assertThat(err.toString()).contains("TRAIN.csv, line 4, column 'load': 'lots' is not a number");
  }

  @Test
  void a_time_that_is_not_iso_8601_is_refused() throws IOException {
    String bad = TRAIN.replace("2024-03-01T02:00", "01/03/2024 02:00");
    assertThat(run(bad, TEST)).isEqualTo(2);
    assertThat(err.toString()).contains("line 4, column 'time'").contains("not an ISO-8601 time");
  }

  @Test
  void a_repeated_time_is_refused_as_a_possible_dst_repeat() throws IOException {
    String bad = TRAIN.replace("2024-03-01T03:00", "2024-03-01T02:00");
    assertThat(run(bad, TEST)).isEqualTo(2);
    assertThat(err.toString())
        .contains("TRAIN.csv, line 5")
        .contains("repeats line 4")
        .contains("DST");
  }

  @Test
  void unsorted_times_are_refused() throws IOException {
    String[] lines = TRAIN.split("\n");
    String swapped = lines[3];
    lines[3] = lines[4];
    lines[4] = swapped;
    assertThat(run(String.join("\n", lines) + "\n", TEST)).isEqualTo(2);
    assertThat(err.toString()).contains("TRAIN.csv, line 5").contains("sorted");
  }

  @Test
  void an_empty_test_is_refused() throws IOException {
    assertThat(run(TRAIN, "time,load,temp\n")).isEqualTo(2);
    assertThat(err.toString()).contains("TEST.csv").contains("no rows");
  }

  @Test
  void a_train_too_short_for_the_weekly_lags_is_refused() throws IOException {
    assertThat(run(hourly(0, 24 * 10), hourly(24 * 10, 24 * 11))).isEqualTo(2);
    assertThat(err.toString()).contains("TRAIN is too short").contains("14 days");
  }

  @Test
  void a_test_row_at_or_before_the_origin_is_refused() throws IOException {
    assertThat(run(TRAIN, hourly(24 * 20 - 1, 24 * 21))).isEqualTo(2);
    assertThat(err.toString())
        .contains("TEST.csv, line 2")
        .contains("not after the last TRAIN time");
  }

  @Test
  void a_time_off_the_regular_step_is_refused() throws IOException {
    String bad = TEST.replace("2024-03-21T05:00", "2024-03-21T05:30");
    assertThat(run(TRAIN, bad)).isEqualTo(2);
    assertThat(err.toString()).contains("TEST.csv, line 7").contains("regular step");
  }

  @Test
  void a_test_series_missing_from_train_is_refused() throws IOException {
    String train = TRAIN.replace("time,load,temp", "time,load,temp,site").replace(",5\n", ",5,a\n");
    String test = TEST.replace("time,load,temp", "time,load,temp,site").replace(",5\n", ",5,b\n");
    assertThat(run(train, test, "--series", "site")).isEqualTo(2);
    assertThat(err.toString()).contains("series 'b' has no rows in TRAIN.csv");
  }

  @Test
  void gaps_in_train_are_repaired_as_missing_values_and_reported() throws IOException {
    String gappy = TRAIN.replaceAll("\n2024-03-05T0[3-6]:00,[^\n]*", "");
    assertThat(run(gappy, TEST)).isZero();
    assertThat(err.toString()).contains("1 gap(s) in time, 4 missing step(s)");
  }

  @Test
  void quantiles_must_be_increasing_and_inside_zero_one() throws IOException {
    assertThat(run(TRAIN, TEST, "--quantiles", "0.5,0.1")).isEqualTo(2);
    assertThat(err.toString()).contains("--quantiles");
    assertThat(run(TRAIN, TEST, "--quantiles", "0,0.5")).isEqualTo(2);
  }

  @Test
  void a_target_scale_must_be_one_of_the_features() throws IOException {
    assertThat(run(TRAIN, TEST, "--target-scale", "toa")).isEqualTo(2);
    assertThat(err.toString())
        .contains("--target-scale: 'toa' is not one of the --features columns");
  }
}

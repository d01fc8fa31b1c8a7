package org.gridweave.forecasting.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;
import org.gridweave.forecasting.engine.ForecastEngine;
import org.gridweave.forecasting.features.HolidayCalendar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end on synthetic hourly series whose structure is known. */
class EvaluatorTest {
  @TempDir Path dir;

  private static final LocalDateTime START = LocalDateTime.of(2023, 1, 2, 0, 0);

  /** Daily shape + weekend dip + temperature effect + noise; the temperature is a given column. */
  static double[] demand(int i, SplittableRandom r, double noise) {
    LocalDateTime t = START.plusHours(i);
    double temp = 10 + 8 * Math.sin(2 * Math.PI * i / (24 * 365.0)) + 3 * Math.sin(i / 17.0);
    double shape = 100 + 30 * Math.sin(2 * Math.PI * (t.getHour() - 6) / 24.0);
    double weekend = t.getDayOfWeek().getValue() >= 6 ? -25 : 0;
    double y = shape + weekend + 2.5 * Math.abs(temp - 15) + noise * r.nextGaussian();
    return new double[] {y, temp};
  }

  private void write(Path file, int from, int to, double noise, boolean blankTarget)
      throws IOException {
    StringBuilder b = new StringBuilder("when,demand,temp\n");
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < to; i++) {
      double[] v = demand(i, r, noise);
      if (i >= from) {
        b.append(START.plusHours(i))
            .append(',')
            .append(blankTarget ? "" : String.valueOf(v[0]))
            .append(',')
            .append(v[1])
            .append('\n');
      }
    }
    Files.writeString(file, b);
  }

  private EvaluationReport run(Path train, Path test, Path out, List<String> models)
      throws IOException {
    return new Evaluator(
            new ForecastEngine.Settings(20_000, 2, 5, HolidayCalendar.NONE, models, 200), m -> {})
        .evaluate(
            new EvaluateRequest(
                train, test, "when", "demand", null, List.of("temp"), List.of(0.1, 0.5, 0.9), out));
  }

  @Test
  void learns_the_structure_beats_the_naive_forecasts_and_calibrates_its_interval()
      throws IOException {
    int origin = 24 * 120;
    write(dir.resolve("train.csv"), 0, origin, 3, false);
    write(dir.resolve("test.csv"), origin, origin + 24 * 7, 3, false);
    EvaluationReport r =
        run(
            dir.resolve("train.csv"),
            dir.resolve("test.csv"),
            dir.resolve("p.csv"),
            List.of("xgboost", "linear"));
    assertThat(r.mae()).isLessThan(0.6 * r.baselines().get(Evaluator.WEEK).mae());
    assertThat(r.mae()).isLessThan(0.6 * r.baselines().get(Evaluator.DAY).mae());
    assertThat(r.coverage80()).isBetween(0.6, 0.95);
    assertThat(Files.readAllLines(dir.resolve("p.csv"))).hasSize(1 + 24 * 7);
    assertThat(Files.readAllLines(dir.resolve("p.csv")).get(0))
        .isEqualTo("time,series,p10,p50,p90");
  }

  @Test
  void blanking_the_test_target_does_not_change_a_single_prediction() throws IOException {
    int origin = 24 * 60;
    write(dir.resolve("train.csv"), 0, origin, 3, false);
    write(dir.resolve("test.csv"), origin, origin + 48, 3, false);
    write(dir.resolve("blank.csv"), origin, origin + 48, 3, true);
    run(
        dir.resolve("train.csv"),
        dir.resolve("test.csv"),
        dir.resolve("a.csv"),
        List.of("xgboost"));
    EvaluationReport blank =
        run(
            dir.resolve("train.csv"),
            dir.resolve("blank.csv"),
            dir.resolve("b.csv"),
            List.of("xgboost"));
    assertThat(Files.readString(dir.resolve("b.csv")))
        .isEqualTo(Files.readString(dir.resolve("a.csv")));
    assertThat(blank.mae()).isNaN(); // nothing to score against
  }

  @Test
  void a_purely_weekly_series_is_left_to_the_weekly_naive_forecast() throws IOException {
    StringBuilder train = new StringBuilder("when,demand,temp\n");
    StringBuilder test = new StringBuilder("when,demand,temp\n");
    int origin = 24 * 56;
    for (int i = 0; i < origin + 48; i++) {
      double y = (i % 168) * (i % 168 < 100 ? 1 : 3); // repeats exactly every week
      (i < origin ? train : test).append(START.plusHours(i)).append(',').append(y).append(",1\n");
    }
    Files.writeString(dir.resolve("train.csv"), train);
    Files.writeString(dir.resolve("test.csv"), test);
    EvaluationReport r =
        run(
            dir.resolve("train.csv"),
            dir.resolve("test.csv"),
            dir.resolve("p.csv"),
            List.of("xgboost", "linear"));
    assertThat(r.model()).isEqualTo(Evaluator.WEEK);
    assertThat(r.mae()).isZero();
  }

  @Test
  void quantile_columns_are_named_by_percent() {
    assertThat(Evaluator.quantileName(0.1)).isEqualTo("p10");
    assertThat(Evaluator.quantileName(0.025)).isEqualTo("p2.5");
    assertThat(Evaluator.quantileName(0.99)).isEqualTo("p99");
  }
}

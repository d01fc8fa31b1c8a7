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

/**
 * A PV-like target with its scale column (ADR 0014): ratio models and a greedy ensemble of the
 * candidates compete, nights are exact and no quantile exceeds the history's largest value.
 */
class TargetScaleTest {
  @TempDir Path dir;

  private static final LocalDateTime START = LocalDateTime.of(2023, 3, 1, 0, 0);

  /** Writes hours [from, to): toa = the sun (0 at night, growing over the weeks), cloud, pv. */
  private static void write(Path file, int from, int to) throws IOException {
    StringBuilder b = new StringBuilder("time,pv,toa,cloud\n");
    SplittableRandom r = new SplittableRandom(5);
    for (int i = 0; i < to; i++) {
      double season = 0.6 + 0.4 * i / (24 * 60.0);
      double sun = Math.max(0, Math.sin(2 * Math.PI * (i % 24 - 6) / 24.0)) * season;
      double cloud = r.nextDouble();
      double pv = sun * (0.9 - 0.7 * cloud) + (sun > 0 ? 0.02 * r.nextGaussian() * sun : 0);
      if (i >= from) {
        b.append(START.plusHours(i))
            .append(',')
            .append(Math.max(0, pv))
            .append(',')
            .append(sun)
            .append(',')
            .append(cloud)
            .append('\n');
      }
    }
    Files.writeString(file, b);
  }

  @Test
  void hours_without_sun_get_zero_quantiles_and_daylight_ones_stay_within_the_capacity()
      throws IOException {
    Path train = dir.resolve("train.csv");
    Path test = dir.resolve("test.csv");
    Path out = dir.resolve("p.csv");
    write(train, 0, 24 * 45);
    write(test, 24 * 45, 24 * 52);
    StringBuilder log = new StringBuilder();

    EvaluationReport report = evaluate(train, test, 5, out, log);

    assertThat(log)
        .contains("backtest xgboost_scaled")
        .contains("backtest ensemble:")
        .contains("rows with toa = 0")
        .contains("final model: every learner fitted with 3 seeds, averaged");
    List<String> rows = Files.readAllLines(out);
    List<String> testRows = Files.readAllLines(test);
    double capacity =
        Files.readAllLines(train).stream()
            .skip(1)
            .mapToDouble(l -> Double.parseDouble(l.split(",")[1]))
            .max()
            .orElseThrow();
    int nights = 0;
    for (int i = 1; i < rows.size(); i++) {
      String[] p = rows.get(i).split(",");
      double sun = Double.parseDouble(testRows.get(i).split(",")[2]);
      double p10 = Double.parseDouble(p[2]);
      double p50 = Double.parseDouble(p[3]);
      double p90 = Double.parseDouble(p[4]);
      if (sun == 0) {
        nights++;
        assertThat(new double[] {p10, p50, p90}).containsOnly(0.0);
      } else {
        assertThat(p10).isLessThanOrEqualTo(p50);
        assertThat(p50).isLessThanOrEqualTo(p90);
        assertThat(p90).isLessThanOrEqualTo(capacity);
      }
    }
    assertThat(nights).isGreaterThan(7 * 10);
    assertThat(report.coverage80()).isBetween(0.6, 0.95);
  }

  @Test
  void the_forecast_is_the_average_of_two_whole_trainings_with_seeds_a_thousand_apart()
      throws IOException {
    Path train = dir.resolve("train.csv");
    Path test = dir.resolve("test.csv");
    write(train, 0, 24 * 45);
    write(test, 24 * 45, 24 * 49);
    StringBuilder log = new StringBuilder();

    EvaluationReport bagged = evaluate(train, test, 5, dir.resolve("bag.csv"), log);
    String before = System.getProperty("gridweave.forecast.pipelines");
    System.setProperty("gridweave.forecast.pipelines", "1");
    try {
      evaluate(train, test, 5, dir.resolve("a.csv"), new StringBuilder());
      evaluate(train, test, 1005, dir.resolve("b.csv"), new StringBuilder());
    } finally {
      if (before == null) {
        System.clearProperty("gridweave.forecast.pipelines");
      } else {
        System.setProperty("gridweave.forecast.pipelines", before);
      }
    }

    assertThat(log).contains("pipeline 1 of 2: seed 5").contains("pipeline 2 of 2: seed 1005");
    assertThat(bagged.model()).startsWith(ForecastEngine.PIPELINES_PREFIX);
    List<String> bag = Files.readAllLines(dir.resolve("bag.csv"));
    List<String> a = Files.readAllLines(dir.resolve("a.csv"));
    List<String> b = Files.readAllLines(dir.resolve("b.csv"));
    assertThat(bag).hasSameSizeAs(a).hasSameSizeAs(b);
    boolean seedsDiffer = false;
    for (int i = 1; i < bag.size(); i++) {
      String[] m = bag.get(i).split(",");
      String[] x = a.get(i).split(",");
      String[] y = b.get(i).split(",");
      assertThat(m[0]).isEqualTo(x[0]).isEqualTo(y[0]);
      for (int j = 2; j < m.length; j++) {
        double xj = Double.parseDouble(x[j]);
        double yj = Double.parseDouble(y[j]);
        seedsDiffer |= xj != yj;
        assertThat(Double.parseDouble(m[j]))
            .as("row %d column %d", i, j)
            .isCloseTo((xj + yj) / 2, org.assertj.core.data.Offset.offset(1e-9));
      }
    }
    assertThat(seedsDiffer).as("the two seeds give different forecasts").isTrue();
  }

  private static EvaluationReport evaluate(
      Path train, Path test, long seed, Path out, StringBuilder log) throws IOException {
    return new Evaluator(
            new ForecastEngine.Settings(
                    20_000, 2, seed, HolidayCalendar.NONE, List.of("xgboost"), 100)
                .withTargetScale("toa"),
            m -> log.append(m).append('\n'))
        .evaluate(
            new EvaluateRequest(
                train,
                test,
                "time",
                "pv",
                null,
                List.of("toa", "cloud"),
                List.of(0.1, 0.5, 0.9),
                out));
  }
}

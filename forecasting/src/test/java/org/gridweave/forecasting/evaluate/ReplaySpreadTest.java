package org.gridweave.forecasting.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridweave.forecasting.engine.ForecastEngine;
import org.gridweave.forecasting.features.HolidayCalendar;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spread of the quantiles measured one validation window back (ADR 0014, amendment): when the
 * weather noise of a PV-like target shrinks in the last weeks of the history, quantiles calibrated
 * on the weeks before are too wide for them, and the factor chosen inside the history narrows them;
 * when it grows, it widens them.
 */
class ReplaySpreadTest {
  @TempDir Path dir;

  private static final LocalDateTime START = LocalDateTime.of(2023, 3, 1, 0, 0);
  private static final int DAYS = 90;
  private static final Pattern CHOSEN =
      Pattern.compile("spread one validation window back.*→ ([0-9.]+)");

  /** Noise sd (per unit of sun) {@code early} before day 62, {@code late} from then on. */
  private static void write(Path file, int from, int to, double early, double late)
      throws IOException {
    StringBuilder b = new StringBuilder("time,pv,toa,cloud\n");
    SplittableRandom r = new SplittableRandom(11);
    for (int i = 0; i < to; i++) {
      double sun = Math.max(0, Math.sin(2 * Math.PI * (i % 24 - 6) / 24.0));
      double cloud = r.nextDouble();
      double sd = i < 62 * 24 ? early : late;
      double pv = sun * (0.8 - 0.5 * cloud) + (sun > 0 ? sd * r.nextGaussian() * sun : 0);
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

  private double chosenSpread(double early, double late) throws IOException {
    Path train = dir.resolve("train.csv");
    Path test = dir.resolve("test.csv");
    write(train, 0, 24 * DAYS, early, late);
    write(test, 24 * DAYS, 24 * (DAYS + 7), early, late);
    StringBuilder log = new StringBuilder();
    new Evaluator(
            new ForecastEngine.Settings(20_000, 2, 5, HolidayCalendar.NONE, List.of("xgboost"), 60)
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
                dir.resolve("p.csv")));
    Matcher m = CHOSEN.matcher(log);
    assertThat(m.find()).as(log.toString()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void quantiles_narrow_when_the_errors_shrank_after_the_window_they_were_calibrated_on()
      throws IOException {
    assertThat(chosenSpread(0.15, 0.03)).isLessThan(1);
  }

  @Test
  void quantiles_widen_when_the_errors_grew_after_the_window_they_were_calibrated_on()
      throws IOException {
    assertThat(chosenSpread(0.03, 0.15)).isGreaterThan(1);
  }
}

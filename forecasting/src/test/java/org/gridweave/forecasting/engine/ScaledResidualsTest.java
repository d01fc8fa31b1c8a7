package org.gridweave.forecasting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.gridweave.forecasting.model.ConformalQuantiles;
import org.gridweave.forecasting.model.Matrix;
import org.junit.jupiter.api.Test;

class ScaledResidualsTest {

  /**
   * Forecasts in [0, 10); a covariate {@code calm} in [0, 1) that the level does not reveal: the
   * noise sd is 0.2 when calm >= 0.5 and 2 otherwise (a clear or a cloudy day at the same level).
   * Rows: {@code [forecast, actual]} and the feature matrix.
   */
  private record Sample(double[] forecast, double[] actual, Matrix features) {}

  private static Sample sample(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] forecast = new double[n];
    double[] actual = new double[n];
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      double calm = r.nextDouble();
      forecast[i] = r.nextDouble(10);
      actual[i] = forecast[i] + r.nextGaussian() * (calm >= 0.5 ? 0.2 : 2);
      rows[i] = new double[] {calm};
    }
    return new Sample(forecast, actual, new Matrix(new String[] {"calm"}, rows, actual));
  }

  /** A sample, its level bins, and the mix fitted on them (null when the level bins win). */
  private record Fitted(Sample sample, ConformalQuantiles plain, ScaledResiduals scaled) {}

  private static Fitted fitted(long seed, Consumer<String> log) {
    Sample fit = sample(seed, 6_000);
    int[] horizon = new int[6_000];
    ConformalQuantiles plain =
        ConformalQuantiles.fit(
            fit.forecast(), fit.actual(), horizon, 24, Double.NEGATIVE_INFINITY, 1e9);
    ScaledResiduals scaled =
        ScaledResiduals.fitMixed(
            fit.features(), fit.forecast(), horizon, halves(6_000), plain, 24, 1, 7, log);
    return new Fitted(fit, plain, scaled);
  }

  private static int[] halves(int n) {
    int[] half = new int[n];
    for (int i = 0; i < n; i++) {
      half[i] = (i / 24) % 2;
    }
    return half;
  }

  @Test
  void intervals_follow_the_covariate_that_drives_the_error_and_cover_what_they_claim() {
    List<String> log = new ArrayList<>();
    Fitted fitted = fitted(1, log::add);
    ConformalQuantiles plain = fitted.plain();
    ScaledResiduals scaled = fitted.scaled();
    assertThat(scaled).as(String.join("\n", log)).isNotNull();
    assertThat(scaled.share()).as(String.join("\n", log)).isGreaterThanOrEqualTo(0.7);

    Sample fresh = sample(2, 6_000);
    double[] size = scaled.scale(fresh.features(), fresh.forecast());
    int[] in = new int[2];
    int[] count = new int[2];
    double[] width = new double[2];
    for (int i = 0; i < 6_000; i++) {
      int calm = fresh.features().rows()[i][0] >= 0.5 ? 1 : 0;
      double f = fresh.forecast()[i];
      double lo = scaled.quantile(plain, f, 0, size[i], 0.1);
      double hi = scaled.quantile(plain, f, 0, size[i], 0.9);
      double a = fresh.actual()[i];
      count[calm]++;
      in[calm] += a >= lo && a <= hi ? 1 : 0;
      width[calm] += hi - lo;
      assertThat(scaled.quantile(plain, f, 0, size[i], 0.5))
          .as("the median is the plain one")
          .isEqualTo(plain.quantile(f, 0, 0.5));
    }
    assertThat((double) in[0] / count[0]).isCloseTo(0.8, within(0.05));
    assertThat((double) in[1] / count[1]).isCloseTo(0.8, within(0.05));
    // The true 80 % widths are 2 * 1.2816 * sd: 5.1 on the stormy rows, 0.51 on the calm ones.
    assertThat(width[0] / count[0]).isGreaterThan(5 * width[1] / count[1]);
  }

  @Test
  void without_anything_to_learn_about_the_error_size_the_level_bins_stay() {
    SplittableRandom r = new SplittableRandom(3);
    int n = 6_000;
    double[] forecast = new double[n];
    double[] actual = new double[n];
    double[][] rows = new double[n][];
    for (int i = 0; i < n; i++) {
      forecast[i] = r.nextDouble(10);
      actual[i] = forecast[i] + r.nextGaussian();
      rows[i] = new double[] {r.nextDouble()}; // unrelated to the error
    }
    int[] horizon = new int[n];
    ConformalQuantiles plain =
        ConformalQuantiles.fit(forecast, actual, horizon, 24, Double.NEGATIVE_INFINITY, 1e9);
    ScaledResiduals scaled =
        ScaledResiduals.fitMixed(
            new Matrix(new String[] {"noise"}, rows, actual),
            forecast,
            horizon,
            halves(n),
            plain,
            24,
            1,
            7,
            m -> {});
    if (scaled != null) {
      // Chosen by a hair at most: its intervals must still be about as wide as the plain ones.
      double[] size = scaled.scale(new Matrix(new String[] {"noise"}, rows, actual), forecast);
      double w = 0;
      double p = 0;
      for (int i = 0; i < n; i++) {
        w +=
            scaled.quantile(plain, forecast[i], 0, size[i], 0.9)
                - scaled.quantile(plain, forecast[i], 0, size[i], 0.1);
        p += plain.quantile(forecast[i], 0, 0.9) - plain.quantile(forecast[i], 0, 0.1);
      }
      assertThat(w / p).isCloseTo(1.0, within(0.1));
    }
  }

  @Test
  void a_mixed_quantile_lies_between_the_level_bins_and_the_scaled_one_and_keeps_the_median() {
    Fitted fitted = fitted(4, m -> {});
    Sample fit = fitted.sample();
    ConformalQuantiles plain = fitted.plain();
    ScaledResiduals scaled = fitted.scaled();
    assertThat(scaled).isNotNull();
    ScaledResiduals full = scaled.withShare(1);
    ScaledResiduals half = scaled.withShare(0.5);
    double[] size = scaled.scale(fit.features(), fit.forecast());
    for (int i = 0; i < 500; i++) {
      double f = fit.forecast()[i];
      for (double q : new double[] {0.05, 0.1, 0.5, 0.9, 0.95}) {
        double level = plain.quantile(f, 0, q);
        double alone = full.quantile(plain, f, 0, size[i], q);
        assertThat(half.quantile(plain, f, 0, size[i], q))
            .isCloseTo((level + alone) / 2, within(1e-12));
      }
      assertThat(half.quantile(plain, f, 0, size[i], 0.5)).isEqualTo(plain.quantile(f, 0, 0.5));
    }
  }
}

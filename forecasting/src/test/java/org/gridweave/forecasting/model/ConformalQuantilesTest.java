package org.gridweave.forecasting.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConformalQuantilesTest {

  /** Forecast levels in [0, 10); noise sd = level / 2, so wide at high levels, none at zero. */
  private static double[][] sample(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[] forecast = new double[n];
    double[] actual = new double[n];
    for (int i = 0; i < n; i++) {
      forecast[i] = r.nextDouble() < 0.3 ? 0 : r.nextDouble(10);
      actual[i] = forecast[i] + r.nextGaussian() * forecast[i] / 2;
    }
    return new double[][] {forecast, actual};
  }

  @Test
  void intervals_cover_what_they_claim_on_fresh_data_at_low_and_high_levels() {
    double[][] fit = sample(1, 20_000);
    ConformalQuantiles cq =
        ConformalQuantiles.fit(fit[0], fit[1], new int[20_000], 24, Double.NEGATIVE_INFINITY, 1e9);
    double[][] fresh = sample(2, 20_000);
    int lowIn = 0, lowN = 0, highIn = 0, highN = 0;
    for (int i = 0; i < 20_000; i++) {
      double f = fresh[0][i];
      double a = fresh[1][i];
      boolean in = a >= cq.quantile(f, 0, 0.1) && a <= cq.quantile(f, 0, 0.9);
      if (f > 0 && f < 3) {
        lowN++;
        lowIn += in ? 1 : 0;
      } else if (f > 7) {
        highN++;
        highIn += in ? 1 : 0;
      }
    }
    assertThat((double) lowIn / lowN).isCloseTo(0.8, within(0.04));
    assertThat((double) highIn / highN).isCloseTo(0.8, within(0.04));
    // Wider where the noise is larger.
    assertThat(cq.quantile(9, 0, 0.9) - cq.quantile(9, 0, 0.1))
        .isGreaterThan(2 * (cq.quantile(2, 0, 0.9) - cq.quantile(2, 0, 0.1)));
  }

  @Test
  void a_forecast_of_zero_that_is_always_right_gets_a_zero_width_interval() {
    double[][] fit = sample(3, 20_000);
    ConformalQuantiles cq = ConformalQuantiles.fit(fit[0], fit[1], new int[20_000], 24, 0, 1e9);
    assertThat(cq.quantile(0, 0, 0.01)).isZero();
    assertThat(cq.quantile(0, 0, 0.99)).isZero();
  }

  @Test
  void quantiles_are_clipped_to_the_physical_range_and_stay_ordered() {
    double[][] fit = sample(4, 5_000);
    ConformalQuantiles cq = ConformalQuantiles.fit(fit[0], fit[1], new int[5_000], 24, 0, 1e9);
    double previous = -1;
    for (double q = 0.01; q < 1; q += 0.01) {
      double v = cq.quantile(1, 0, q);
      assertThat(v).isGreaterThanOrEqualTo(0).isGreaterThanOrEqualTo(previous);
      previous = v;
    }
  }

  @Test
  void empirical_quantile_interpolates_between_order_statistics() {
    double[] sorted = {0, 10, 20, 30};
    assertThat(ConformalQuantiles.empirical(sorted, 0.5)).isEqualTo(15);
    assertThat(ConformalQuantiles.empirical(sorted, 0)).isEqualTo(0);
    assertThat(ConformalQuantiles.empirical(sorted, 1)).isEqualTo(30);
  }
}

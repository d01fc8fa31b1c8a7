package org.gridweave.forecasting.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ScoresTest {
  private static final double N = Double.NaN;
  // Worked by hand: errors (actual - forecast) are -1, 0, -1; the NaN row never counts.
  private final double[] actual = {1, 2, 0, N};
  private final double[] forecast = {2, 2, 1, 5};

  @Test
  void mae_and_rmse_skip_missing_actuals() {
    assertThat(Scores.mae(actual, forecast)).isCloseTo(2.0 / 3, within(1e-12));
    assertThat(Scores.rmse(actual, forecast)).isCloseTo(Math.sqrt(2.0 / 3), within(1e-12));
  }

  @Test
  void mape_skips_zero_actuals_and_is_in_percent() {
    // |1-2|/1 = 1 and |2-2|/2 = 0 over two rows
    assertThat(Scores.mape(actual, forecast)).isCloseTo(50.0, within(1e-12));
    assertThat(Scores.mape(new double[] {0, 0}, new double[] {1, 2})).isNaN();
  }

  @Test
  void pinball_weighs_over_and_under_forecasts_by_the_quantile() {
    // over-forecasts by 1 twice at q = 0.9 cost (1 - 0.9) each: 0.2 over three rows
    assertThat(Scores.pinball(actual, forecast, 0.9)).isCloseTo(0.2 / 3, within(1e-12));
    // an under-forecast by 2 at q = 0.9 costs 1.8
    assertThat(Scores.pinball(new double[] {3}, new double[] {1}, 0.9))
        .isCloseTo(1.8, within(1e-12));
  }

  @Test
  void coverage_counts_actuals_inside_the_interval_bounds_included() {
    double[] lower = {0, 3, 0, 0};
    double[] upper = {1, 4, 2, 9};
    assertThat(Scores.coverage(actual, lower, upper)).isCloseTo(2.0 / 3, within(1e-12));
  }

  @Test
  void seasonal_scale_is_the_mean_absolute_seasonal_difference() {
    // season 2: |3-1| = 2, |5-2| = 3, (NaN pair skipped), |9-5| = 4
    assertThat(Scores.seasonalScale(new double[] {1, 2, 3, 5, N, 9}, 2))
        .isCloseTo(3.0, within(1e-12));
  }
}

package org.gridweave.forecasting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-worked cases of the adjustment measured one validation window back (ADR 0020). */
class QuantileAdjustmentTest {
  // A point forecast of 0.40 whose calibration added a median residual of +0.10: median 0.50,
  // P10 0.30, P90 0.80.
  private static final double POINT = 0.40;
  private static final double MEDIAN = 0.50;

  @Test
  void none_returns_every_quantile_exactly_as_calibrated() {
    QuantileAdjustment none = QuantileAdjustment.NONE;
    assertThat(none.isNone()).isTrue();
    assertThat(none.apply(POINT, MEDIAN, 0.30)).isEqualTo(0.30);
    assertThat(none.apply(POINT, MEDIAN, 0.80)).isEqualTo(0.80);
  }

  @Test
  void the_full_correction_with_a_spread_factor_scales_the_distance_from_the_median() {
    QuantileAdjustment a = new QuantileAdjustment(1, 0.5);
    // 0.50 + 0.5 × (0.30 − 0.50) = 0.40; 0.50 + 0.5 × (0.80 − 0.50) = 0.65
    assertThat(a.apply(POINT, MEDIAN, 0.30)).isCloseTo(0.40, within(1e-12));
    assertThat(a.apply(POINT, MEDIAN, 0.50)).isEqualTo(0.50);
    assertThat(a.apply(POINT, MEDIAN, 0.80)).isCloseTo(0.65, within(1e-12));
  }

  @Test
  void keeping_half_of_the_correction_moves_the_whole_distribution_halfway_back_to_the_point() {
    QuantileAdjustment a = new QuantileAdjustment(0.5, 1);
    // centre 0.40 + 0.5 × (0.50 − 0.40) = 0.45: every quantile 0.05 lower
    assertThat(a.apply(POINT, MEDIAN, 0.30)).isCloseTo(0.25, within(1e-12));
    assertThat(a.apply(POINT, MEDIAN, 0.50)).isCloseTo(0.45, within(1e-12));
    assertThat(a.apply(POINT, MEDIAN, 0.80)).isCloseTo(0.75, within(1e-12));
  }

  @Test
  void keeping_none_of_it_centres_the_quantiles_on_the_point_forecast_with_the_spread_applied() {
    QuantileAdjustment a = new QuantileAdjustment(0, 0.8);
    // centre 0.40; 0.40 + 0.8 × (0.30 − 0.50) = 0.24; 0.40 + 0.8 × (0.80 − 0.50) = 0.64
    assertThat(a.apply(POINT, MEDIAN, 0.30)).isCloseTo(0.24, within(1e-12));
    assertThat(a.apply(POINT, MEDIAN, 0.50)).isCloseTo(0.40, within(1e-12));
    assertThat(a.apply(POINT, MEDIAN, 0.80)).isCloseTo(0.64, within(1e-12));
  }

  @Test
  void a_share_outside_zero_to_one_or_a_spread_that_is_not_positive_is_refused() {
    assertThatThrownBy(() -> new QuantileAdjustment(1.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("keep");
    assertThatThrownBy(() -> new QuantileAdjustment(Double.NaN, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new QuantileAdjustment(1, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spread");
  }

  /** Two rows, point forecasts 0.2 and 0.6, calibrated medians 0.1 above them, width ±0.1. */
  private static QuantileAdjustment.Choice chooseFor(double[] actual) {
    double[] point = {0.2, 0.6};
    double[] median = {0.3, 0.7};
    double[][] calibrated = new double[99][2];
    for (int g = 1; g <= 99; g++) {
      for (int i = 0; i < 2; i++) {
        calibrated[g - 1][i] = median[i] + (g / 100.0 - 0.5) * 0.2;
      }
    }
    return QuantileAdjustment.choose(
        actual,
        point,
        median,
        calibrated,
        new boolean[2],
        v -> Math.max(0, Math.min(1, v)),
        new double[] {1.0, 0.5, 0.0},
        new double[] {1.0, 0.5});
  }

  @Test
  void a_median_correction_that_missed_the_later_window_is_dropped() {
    // the actuals are the point forecasts: the +0.1 learned on the earlier window was wrong there
    QuantileAdjustment.Choice c = chooseFor(new double[] {0.2, 0.6});
    assertThat(c.best().keep()).isEqualTo(0.0);
    assertThat(c.best().spread()).isEqualTo(0.5); // narrower is better when the centre is exact
    assertThat(c.loss()).isLessThan(c.fullCorrection());
  }

  @Test
  void a_median_correction_that_held_in_the_later_window_is_kept_whole() {
    QuantileAdjustment.Choice c = chooseFor(new double[] {0.3, 0.7});
    assertThat(c.best().keep()).isEqualTo(1.0);
    assertThat(c.loss()).isEqualTo(c.fullCorrection());
  }

  @Test
  void ties_keep_the_whole_correction_and_fixed_rows_are_never_adjusted() {
    double[][] zeros = new double[99][1];
    QuantileAdjustment.Choice c =
        QuantileAdjustment.choose(
            new double[] {0},
            new double[] {0.5},
            new double[] {0.9},
            zeros,
            new boolean[] {true},
            v -> v,
            new double[] {1.0, 0.0},
            new double[] {1.0, 0.5});
    assertThat(c.best()).isEqualTo(QuantileAdjustment.NONE);
    assertThat(c.loss()).isZero();
  }
}

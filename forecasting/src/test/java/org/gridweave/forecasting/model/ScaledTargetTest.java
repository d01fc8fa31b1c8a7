package org.gridweave.forecasting.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.gridweave.forecasting.metrics.Scores;
import org.junit.jupiter.api.Test;

class ScaledTargetTest {
  private static final String[] NAMES = {"sun", "cloud"};

  /** y = sun · (1 - 0.8 · cloud): PV-like, with the sun between {@code lo} and {@code hi}. */
  private static Matrix sample(long seed, int n, double lo, double hi) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] rows = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double sun = lo + (hi - lo) * r.nextDouble();
      double cloud = r.nextDouble();
      rows[i] = new double[] {sun, cloud};
      y[i] = sun * (1 - 0.8 * cloud);
    }
    return new Matrix(NAMES, rows, y);
  }

  @Test
  void a_ratio_model_follows_a_higher_sun_than_it_was_trained_on_where_plain_trees_cap() {
    // Given rows with the sun up to 0.6 (winter and spring) and fresh rows with 0.6..1 (summer)
    Matrix train = sample(1, 3000, 0, 0.6);
    Matrix summer = sample(2, 1000, 0.6, 1);
    TribuoLearner trees = TribuoLearner.xgboost(100, 4, 1);

    // When the same trees learn the target itself and its ratio to the sun
    double[] plain = trees.fit(train, 7).predict(summer);
    double[] ratio = new ScaledTarget("ratio", trees, "sun", 0.02).fit(train, 7).predict(summer);

    // Then only the ratio model's forecasts grow with the sun beyond what it saw
    double plainMae = Scores.mae(summer.targets(), plain);
    double ratioMae = Scores.mae(summer.targets(), ratio);
    assertThat(ratioMae).isLessThan(0.03);
    assertThat(plainMae).isGreaterThan(3 * ratioMae);
  }

  @Test
  void rows_with_a_scale_below_the_minimum_are_left_out_and_forecast_as_zero() {
    Matrix train = sample(3, 2000, 0, 1);
    Learner.Fitted fitted =
        new ScaledTarget("ratio", TribuoLearner.xgboost(150, 3, 1), "sun", 0.05).fit(train, 1);
    Matrix dusk =
        new Matrix(
            NAMES, new double[][] {{0.0, 0.5}, {0.049, 0.1}, {0.5, 0.0}}, new double[] {0, 0, 0});

    double[] forecast = fitted.predict(dusk);

    assertThat(forecast[0]).isZero();
    assertThat(forecast[1]).isZero();
    assertThat(forecast[2]).isBetween(0.4, 0.6);
  }

  @Test
  void a_missing_or_never_positive_scale_column_is_refused_with_its_name() {
    Matrix train = sample(4, 100, 0, 1);
    assertThatThrownBy(
            () -> new ScaledTarget("ratio", TribuoLearner.linear(1), "toa", 0.02).fit(train, 1))
        .hasMessageContaining("no feature column 'toa'");
    Matrix dark = new Matrix(NAMES, new double[][] {{0, 1}, {0, 0}}, new double[] {0, 0});
    assertThatThrownBy(
            () -> new ScaledTarget("ratio", TribuoLearner.linear(1), "sun", 0.02).fit(dark, 1))
        .hasMessageContaining("never positive");
  }
}

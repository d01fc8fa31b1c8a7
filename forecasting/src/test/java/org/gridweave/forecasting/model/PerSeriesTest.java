package org.gridweave.forecasting.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PerSeriesTest {
  /** A fake learner: forecasts the mean of the targets it was fitted on. */
  private static final Learner MEAN =
      new Learner() {
        @Override
        public String name() {
          return "mean";
        }

        @Override
        public Fitted fit(Matrix train, long seed) {
          double sum = 0;
          for (double y : train.targets()) {
            sum += y;
          }
          double mean = sum / train.size();
          return new Fitted() {
            @Override
            public double[] predict(Matrix rows) {
              double[] out = new double[rows.size()];
              java.util.Arrays.fill(out, mean);
              return out;
            }

            @Override
            public String provenance() {
              return "{\"mean\":" + mean + "}";
            }
          };
        }
      };

  private static final String[] NAMES = {"x", "series=a", "series=b"};

  /** {@code n} rows of series a with target 1 and {@code n} of series b with target 3. */
  private static Matrix twoSeries(int n) {
    double[][] rows = new double[2 * n][];
    double[] y = new double[2 * n];
    for (int i = 0; i < n; i++) {
      rows[i] = new double[] {i, 1, 0};
      y[i] = 1;
      rows[n + i] = new double[] {i, 0, 1};
      y[n + i] = 3;
    }
    return new Matrix(NAMES, rows, y);
  }

  @Test
  void each_series_is_forecast_by_the_model_fitted_on_its_own_rows() {
    Learner.Fitted f = new PerSeries("mean_per_series", MEAN).fit(twoSeries(600), 1);

    double[] p =
        f.predict(
            new Matrix(
                NAMES,
                new double[][] {{5, 0, 1}, {5, 1, 0}, {7, 0, 1}},
                new double[] {Double.NaN, Double.NaN, Double.NaN}));

    assertThat(p).containsExactly(3, 1, 3);
    assertThat(MEAN.fit(twoSeries(600), 1).predict(twoSeries(1))).containsExactly(2, 2);
  }

  @Test
  void a_series_too_small_for_its_own_model_is_forecast_by_the_model_across_all_rows() {
    Matrix few = twoSeries(PerSeries.MIN_ROWS - 1);

    double[] p = new PerSeries("mean_per_series", MEAN).fit(few, 1).predict(twoSeries(1));

    assertThat(p).containsExactly(2, 2);
  }

  @Test
  void it_applies_only_with_two_or_more_series_indicators() {
    assertThat(PerSeries.applies(NAMES)).isTrue();
    assertThat(PerSeries.applies(new String[] {"x", "series=a"})).isFalse();
    assertThat(PerSeries.applies(new String[] {"x"})).isFalse();
  }
}

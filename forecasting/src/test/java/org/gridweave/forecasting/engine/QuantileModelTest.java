package org.gridweave.forecasting.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.gridweave.forecasting.model.ConformalQuantiles;
import org.gridweave.forecasting.model.Matrix;
import org.gridweave.forecasting.model.QuantileBoost;
import org.junit.jupiter.api.Test;

class QuantileModelTest {
  private static final double[] QS = {0.1, 0.25, 0.5, 0.75, 0.9};

  @Test
  void the_median_stays_the_point_forecasts_and_the_mean_with_the_residuals_never_crosses_it() {
    // Given a quantile model of y = x + N(0, 1) and residual quantiles of a point model that is
    // biased by +1
    SplittableRandom random = new SplittableRandom(3);
    int n = 4000;
    double[][] rows = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      rows[i] = new double[] {random.nextDouble(10)};
      y[i] = rows[i][0] + random.nextGaussian();
    }
    Matrix train = new Matrix(new String[] {"x"}, rows, y);
    QuantileBoost.Fitted fitted =
        new QuantileBoost(QuantileModel.LEVELS, 60, 3, 0.2, 1).fit(train, 1);
    QuantileModel model =
        new QuantileModel(
            List.of(new QuantileModel.Part("q", fitted, new int[] {0})), new double[] {0.5}, 1);
    Matrix fresh = new Matrix(new String[] {"x"}, new double[][] {{5}}, new double[] {Double.NaN});
    double[] median = {6}; // the biased point forecast
    double[][] residual = {{4.7, 5.3, 6, 6.7, 7.3}};
    ConformalQuantiles range =
        ConformalQuantiles.fit(
            new double[] {0, 1}, new double[] {0, 1}, new int[2], 24, 0, Double.POSITIVE_INFINITY);

    // When they are averaged level by level
    double[] q = model.quantiles(fresh, median, QS, residual, range)[0];

    // Then P50 is the point median, the others lie on its sides, and P10 is about the mean of the
    // model's (5 - 1.28) and the residuals' 4.7
    assertThat(q[2]).isEqualTo(6);
    assertThat(q).isSorted();
    assertThat(q[0]).isCloseTo((5 - 1.2816 + 4.7) / 2, within(0.25));
    assertThat(q[4]).isCloseTo((5 + 1.2816 + 7.3) / 2, within(0.25));
  }
}

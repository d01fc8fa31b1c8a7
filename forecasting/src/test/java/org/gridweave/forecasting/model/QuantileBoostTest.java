package org.gridweave.forecasting.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class QuantileBoostTest {
  private static final double[] LEVELS = {0.1, 0.5, 0.9};

  /** y = 2x + (0.2 + z)·N(0, 1): the spread grows with z, which the level 2x does not show. */
  private static Matrix sample(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    double[][] rows = new double[n][];
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      double x = r.nextDouble();
      double z = r.nextDouble();
      rows[i] = new double[] {x, z};
      y[i] = 2 * x + (0.2 + z) * r.nextGaussian();
    }
    return new Matrix(new String[] {"x", "z"}, rows, y);
  }

  @Test
  void quantiles_cover_what_they_claim_on_fresh_data_in_calm_and_noisy_rows() {
    QuantileBoost.Fitted model = new QuantileBoost(LEVELS, 100, 3, 0.1, 1).fit(sample(1, 8000), 7);
    Matrix fresh = sample(2, 8000);
    double[][] q = model.predict(fresh, new double[] {0.1, 0.5, 0.9});
    int calmIn = 0, calmN = 0, noisyIn = 0, noisyN = 0, below = 0;
    double calmWidth = 0, noisyWidth = 0;
    for (int i = 0; i < fresh.size(); i++) {
      double a = fresh.targets()[i];
      boolean in = a >= q[i][0] && a <= q[i][2];
      below += a <= q[i][1] ? 1 : 0;
      assertThat(q[i][0]).isLessThanOrEqualTo(q[i][1]);
      assertThat(q[i][1]).isLessThanOrEqualTo(q[i][2]);
      if (fresh.rows()[i][1] < 0.3) {
        calmN++;
        calmIn += in ? 1 : 0;
        calmWidth += q[i][2] - q[i][0];
      } else if (fresh.rows()[i][1] > 0.7) {
        noisyN++;
        noisyIn += in ? 1 : 0;
        noisyWidth += q[i][2] - q[i][0];
      }
    }
    assertThat((double) calmIn / calmN).isCloseTo(0.8, within(0.05));
    assertThat((double) noisyIn / noisyN).isCloseTo(0.8, within(0.05));
    assertThat((double) below / fresh.size()).isCloseTo(0.5, within(0.04));
    // True P10–P90 widths: 2.563 · (0.2 + z), about 0.88 for z < 0.3 and 2.56 for z > 0.7.
    assertThat(noisyWidth / noisyN).isGreaterThan(2 * calmWidth / calmN);
  }

  @Test
  void levels_between_the_trained_ones_are_interpolated_and_the_ends_held() {
    double[] levels = {0.1, 0.5, 0.9};
    double[] values = {1, 2, 4};
    assertThat(QuantileBoost.interpolate(levels, values, 0.01)).isEqualTo(1);
    assertThat(QuantileBoost.interpolate(levels, values, 0.3)).isCloseTo(1.5, within(1e-12));
    assertThat(QuantileBoost.interpolate(levels, values, 0.7)).isCloseTo(3, within(1e-12));
    assertThat(QuantileBoost.interpolate(levels, values, 0.99)).isEqualTo(4);
  }
}

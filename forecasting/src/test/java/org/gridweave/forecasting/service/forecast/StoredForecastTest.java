package org.gridweave.forecasting.service.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gridweave.forecasting.service.target.InvalidTarget;
import org.junit.jupiter.api.Test;

class StoredForecastTest {
  private static StoredForecast twoRows() {
    double[] levels = StoredForecast.LEVELS.stream().mapToDouble(Double::doubleValue).toArray();
    double[][] q = new double[levels.length][2];
    for (int l = 0; l < levels.length; l++) {
      q[l][0] = 100 * levels[l];
      q[l][1] = 200 * levels[l];
    }
    return new StoredForecast(
        900, new long[] {0, 900}, new double[] {50, 100}, new double[2], new double[2], levels, q);
  }

  @Test
  void interpolatesBetweenStoredLevels() {
    StoredForecast f = twoRows();

    assertThat(f.quantile(0, 0.5)).isCloseTo(50, within(1e-9));
    assertThat(f.quantile(1, 0.055)).isCloseTo(11, within(1e-9));
  }

  @Test
  void ordersQuantilesThatCross() {
    double[][] crossing = {{5, 1}, {4, 2}};

    assertThat(StoredForecast.ordered(crossing)[1]).containsExactly(5, 2);
  }

  @Test
  void servesTheRequestedWindowWithTheRequestedQuantiles() {
    ForecastView v =
        ForecastView.of(
            "demand.meter.m-1",
            7,
            "xgboost",
            Instant.EPOCH,
            twoRows(),
            List.of(0.05, 0.5, 0.95),
            Instant.ofEpochSecond(900),
            Duration.ofMinutes(15));

    assertThat(v.rows()).hasSize(1);
    assertThat(v.rows().get(0).values()).containsExactly(10, 100, 190);
    assertThat(v.step()).isEqualTo("PT15M");
  }

  @Test
  void refusesQuantilesOutsideTheServedRangeOrUnordered() {
    assertThat(QuantileRequest.parse(null, List.of(0.1, 0.5, 0.9))).containsExactly(0.1, 0.5, 0.9);
    assertThat(QuantileRequest.parse("0.05, 0.5,0.95", List.of())).containsExactly(0.05, 0.5, 0.95);
    assertThatThrownBy(() -> QuantileRequest.parse("0.5,0.1", List.of()))
        .isInstanceOf(InvalidTarget.class);
    assertThatThrownBy(() -> QuantileRequest.parse("0.999", List.of()))
        .isInstanceOf(InvalidTarget.class);
  }
}

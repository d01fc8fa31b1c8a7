package org.gridweave.forecasting.service.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeatherCovariatesTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
  private static final double NAN = Double.NaN;

  @Test
  void interpolatesHourlyWeatherOntoQuarterHours() {
    List<WeatherPoint> hourly =
        List.of(
            new WeatherPoint(T0, 0, NAN, NAN, 350),
            new WeatherPoint(T0.plusSeconds(3600), 4, NAN, NAN, 10));
    List<Instant> history = List.of(T0, T0.plusSeconds(900));
    List<Instant> future = List.of(T0.plusSeconds(1800), T0.plusSeconds(7200));

    WeatherCovariates c = WeatherCovariates.of(hourly, history, future);

    assertThat(c.names()).containsExactly("temperature", "wind_direction");
    assertThat(c.historyRow(1)[0]).isEqualTo(1.0);
    assertThat(c.futureRow(0)[0]).isEqualTo(2.0);
    // the short way round the circle: 350 -> 10 passes north
    assertThat(c.futureRow(0)[1]).isCloseTo(0.0, within(1e-9));
    // after the last point: missing, not extrapolated
    assertThat(c.futureRow(1)[0]).isNaN();
  }

  @Test
  void dropsAQuantityKnownOnlyInTheHistory() {
    List<WeatherPoint> past = List.of(new WeatherPoint(T0, 5, NAN, NAN, NAN));

    WeatherCovariates c = WeatherCovariates.of(past, List.of(T0), List.of(T0.plusSeconds(900)));

    assertThat(c.names()).isEmpty();
  }

  @Test
  void anAreasOwnForecastWinsOverTheGeneralOne() {
    var own = List.of(new WeatherPoint(T0, 1, NAN, NAN, NAN));
    var general =
        List.of(
            new WeatherPoint(T0, 9, NAN, NAN, NAN),
            new WeatherPoint(T0.plusSeconds(3600), 9, NAN, NAN, NAN));

    assertThat(WeatherCovariates.merge(own, general))
        .extracting(WeatherPoint::temperatureC)
        .containsExactly(1.0, 9.0);
  }
}

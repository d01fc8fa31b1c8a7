package org.gridweave.forecasting.service.weather;

import java.time.Instant;

/**
 * A weather forecast for one time; NaN where a quantity is not forecast.
 *
 * @param temperatureC air temperature, -90..60 °C
 * @param irradianceWm2 global horizontal irradiance, 0..1500 W/m²
 * @param windSpeedMs wind speed at hub or 10 m height, 0..100 m/s
 * @param windDirectionDeg direction the wind blows from, 0..360° (0 = north)
 */
public record WeatherPoint(
    Instant time,
    double temperatureC,
    double irradianceWm2,
    double windSpeedMs,
    double windDirectionDeg) {

  /** The covariate names the engine sees, in the order of {@link #values()}. */
  public static final java.util.List<String> COVARIATES =
      java.util.List.of("temperature", "irradiance", "wind_speed", "wind_direction");

  /** The wire names (JSON fields, CSV columns), in the order of {@link #values()}. */
  public static final java.util.List<String> FIELDS =
      java.util.List.of("temperature_c", "irradiance_w_m2", "wind_speed_m_s", "wind_direction_deg");

  static final double[][] RANGES = {{-90, 60}, {0, 1500}, {0, 100}, {0, 360}};

  public double[] values() {
    return new double[] {temperatureC, irradianceWm2, windSpeedMs, windDirectionDeg};
  }

  static WeatherPoint of(Instant time, double[] v) {
    return new WeatherPoint(time, v[0], v[1], v[2], v[3]);
  }
}

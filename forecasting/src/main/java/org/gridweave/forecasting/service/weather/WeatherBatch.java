package org.gridweave.forecasting.service.weather;

import java.util.List;

/**
 * One upload: forecasts for an area, sorted by time without repeats. A newer upload replaces the
 * stored values of its area over its own time range.
 *
 * @param area a feeder id, or {@value #ALL} for every feeder without its own forecast
 */
public record WeatherBatch(String area, List<WeatherPoint> points) {
  public static final String ALL = "all";

  public WeatherBatch {
    points = List.copyOf(points);
  }
}

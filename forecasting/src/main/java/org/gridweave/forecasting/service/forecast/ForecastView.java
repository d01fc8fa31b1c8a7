package org.gridweave.forecasting.service.forecast;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A forecast as served over REST and published over MQTT (the same JSON; see the module README).
 * Values are energy per step in Wh.
 *
 * @param origin the end of the last history step: forecasts are for steps after it
 * @param coversFrom, coversTo the stored forecast's whole range (rows may be a part of it)
 * @param quantiles the quantile levels, ascending; each row's {@code values} follow this order
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ForecastView(
    String target,
    String step,
    String unit,
    long modelId,
    String trainer,
    Instant trainedAt,
    Instant origin,
    Instant coversFrom,
    Instant coversTo,
    List<Double> quantiles,
    List<Step> rows) {

  /** One step: its start and end, the point forecast and the quantiles. */
  @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
  public record Step(Instant start, Instant end, double point, double[] values) {}

  /**
   * @param from first step start to include; null for the first stored step
   * @param horizon how far from {@code from}; null for all stored steps
   */
  public static ForecastView of(
      String target,
      long modelId,
      String trainer,
      Instant trainedAt,
      StoredForecast f,
      List<Double> quantiles,
      Instant from,
      Duration horizon) {
    Instant first = Instant.ofEpochSecond(f.starts()[0]);
    Instant end = Instant.ofEpochSecond(f.starts()[f.size() - 1] + f.stepSeconds());
    Instant start = from == null ? first : from;
    long span =
        horizon == null ? end.getEpochSecond() - start.getEpochSecond() : horizon.toSeconds();
    List<Step> rows = new ArrayList<>();
    for (int r : f.rows(start, span)) {
      double[] values = new double[quantiles.size()];
      for (int q = 0; q < values.length; q++) {
        values[q] = f.quantile(r, quantiles.get(q));
      }
      rows.add(
          new Step(
              Instant.ofEpochSecond(f.starts()[r]),
              Instant.ofEpochSecond(f.starts()[r] + f.stepSeconds()),
              f.point()[r],
              values));
    }
    return new ForecastView(
        target,
        Duration.ofSeconds(f.stepSeconds()).toString(),
        "Wh",
        modelId,
        trainer,
        trainedAt,
        first,
        first,
        end,
        List.copyOf(quantiles),
        rows);
  }
}

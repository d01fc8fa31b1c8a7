package org.gridweave.forecasting.service.weather;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WeatherReaderTest {
  @Test
  void readsJsonPointsSortedWithMissingQuantitiesAsNaN() {
    WeatherBatch b =
        WeatherReader.json(
            """
            {"area": "f-1", "points": [
              {"time": "2026-03-01T01:00:00Z", "temperature_c": 4.0},
              {"time": "2026-03-01T01:00:00+01:00", "temperature_c": 3.5, "irradiance_w_m2": 0,
               "wind_speed_m_s": 5.5, "wind_direction_deg": 270}
            ]}\
            """);

    assertThat(b.area()).isEqualTo("f-1");
    assertThat(b.points())
        .extracting(WeatherPoint::time)
        .containsExactly(
            Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-03-01T01:00:00Z"));
    assertThat(b.points().get(1).irradianceWm2()).isNaN();
  }

  @Test
  void defaultsTheAreaToAll() {
    assertThat(
            WeatherReader.json(
                    "{\"points\":[{\"time\":\"2026-03-01T00:00Z\",\"temperature_c\":1}]}")
                .area())
        .isEqualTo(WeatherBatch.ALL);
  }

  @ParameterizedTest(name = "{2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"points\":[{\"time\":\"2026-03-01T00:00Z\",\"temperature_c\":99}]}"
            + "|points[0].temperature_c|outside -90..60",
        "{\"points\":[{\"time\":\"2026-03-01T00:00Z\",\"temperature_c\":\"warm\"}]}"
            + "|points[0].temperature_c|must be a number",
        "{\"points\":[{\"time\":\"2026-03-01 00:00\",\"temperature_c\":1}]}"
            + "|points[0].time|must be ISO-8601 with an offset",
        "{\"points\":[{\"time\":\"2026-03-01T00:00Z\",\"humidity\":3}]}"
            + "|points[0].humidity|unknown field 'humidity'",
        "{\"points\":[]}|points|non-empty array",
        "{\"points\":[{\"time\":\"2026-03-01T00:00Z\",\"temperature_c\":1},"
            + "{\"time\":\"2026-03-01T00:00Z\",\"temperature_c\":2}]}|time|appears twice",
        "{\"points\":[{\"time\":\"2026-03-01T00:00Z\"}]}|null|no quantity given",
      })
  void refusesBadJsonNamingThePointAndField(String body, String field, String reason) {
    assertThatThrownBy(() -> WeatherReader.json(body))
        .isInstanceOf(InvalidWeather.class)
        .hasMessageContaining(reason)
        .extracting(e -> String.valueOf(((InvalidWeather) e).field()))
        .isEqualTo(field);
  }

  @Test
  void readsCsvWithAnyOfTheQuantityColumns() {
    WeatherBatch b =
        WeatherReader.csv(
            "time,irradiance_w_m2,temperature_c\n"
                + "2026-03-01T12:00:00Z,420,9.5\n"
                + "2026-03-01T13:00:00Z,,10\n",
            null);

    assertThat(b.points()).hasSize(2);
    assertThat(b.points().get(0).irradianceWm2()).isEqualTo(420);
    assertThat(b.points().get(1).irradianceWm2()).isNaN();
    assertThat(b.points().get(1).windSpeedMs()).isNaN();
  }

  @Test
  void refusesABadCsvCellNamingLineAndColumn() {
    assertThatThrownBy(() ->
            WeatherReader.csv(
                "time,wind_speed_m_s\n2026-03-01T12:00:00Z,3\n2026-03-01T13:00:00Z,-4\n", "f-1"))
        .isInstanceOf(InvalidWeather.class)
        .hasMessageContaining("line 3, column 'wind_speed_m_s'")
        .hasMessageContaining("outside 0..100");
  }

  @Test
  void refusesAnUnknownCsvColumn() {
    assertThatThrownBy(() -> WeatherReader.csv("time,rain_mm\n2026-03-01T12:00:00Z,3\n", null))
        .isInstanceOf(InvalidWeather.class)
        .hasMessageContaining("line 1: unknown column 'rain_mm'");
  }
}

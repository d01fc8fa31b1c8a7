package org.gridweave.controller.service.forecast;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.gridweave.controller.dispatch.ForecastSource;
import org.gridweave.controller.grid.Feeder;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.Watts;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ForecastCacheTest {
  private static final Duration STEP = Duration.ofMinutes(15);
  private static final Instant T0 = Instant.parse("2026-06-21T12:00:00Z");

  static String doc(String target, String step, String unit, int rows, double wh) {
    StringBuilder r = new StringBuilder();
    for (int i = 0; i < rows; i++) {
      Instant s = T0.plus(STEP.multipliedBy(i));
      r.append(i == 0 ? "" : ",")
          .append("{\"start\":\"")
          .append(s)
          .append("\",\"end\":\"")
          .append(s.plus(STEP))
          .append("\",\"point\":")
          .append(wh)
          .append(",\"values\":[")
          .append(wh * 0.5)
          .append(',')
          .append(wh)
          .append(',')
          .append(wh * 2)
          .append("]}");
    }
    return "{\"target\":\""
        + target
        + "\",\"step\":\""
        + step
        + "\",\"unit\":\""
        + unit
        + "\",\"trained_at\":\"2026-06-21T11:50:00Z\",\"quantiles\":[0.1,0.5,0.9],\"rows\":["
        + r
        + "]}";
  }

  private static GridModel grid() {
    return new GridModel(
        ZoneOffset.UTC,
        Watts.kilowatts(100),
        List.of(new Feeder(FeederId.of("f-1"), Watts.kilowatts(50))),
        List.of(
            new Site(
                SiteId.of("s-1"),
                FeederId.of("f-1"),
                MeterId.of("m-1"),
                Watts.kilowatts(10),
                Watts.kilowatts(5),
                Watts.kilowatts(6),
                Watts.ZERO,
                Optional.empty(),
                Optional.empty())));
  }

  @Test
  void turnsEnergyPerStepIntoPowerWithTheQuantilesTheDispatchAsksFor() {
    ForecastCache cache = new ForecastCache();
    cache.accept(
        "gridweave/v1/forecasts/demand.meter.m-1",
        doc("demand.meter.m-1", "PT15M", "Wh", 8, 250),
        STEP);
    cache.accept(
        "gridweave/v1/forecasts/pv.meter.m-1", doc("pv.meter.m-1", "PT15M", "Wh", 8, 1000), STEP);
    ForecastSource source = cache.forGrid(grid(), 0.9, 0.1);

    ForecastSource.Issued f = source.site(SiteId.of("s-1"), T0.plus(STEP), 4).orElseThrow();

    assertThat(f.issuedAt()).isEqualTo(Instant.parse("2026-06-21T11:50:00Z"));
    assertThat(f.forecast().demand()[0]).isCloseTo(1.0, within(1e-9)); // 250 Wh in 15 min = 1 kW
    assertThat(f.forecast().demandHigh()[0]).isCloseTo(2.0, within(1e-9));
    assertThat(f.forecast().pv()[3]).isCloseTo(4.0, within(1e-9));
    assertThat(f.forecast().generationLow()[3]).isCloseTo(2.0, within(1e-9));
    // not covering the horizon: no forecast, the cycle will say so and fall back
    assertThat(source.site(SiteId.of("s-1"), T0.plus(STEP.multipliedBy(5)), 4)).isEmpty();
  }

  @Test
  void aSiteWithPvNeedsItsPvForecast() {
    ForecastCache cache = new ForecastCache();
    cache.accept(
        "gridweave/v1/forecasts/demand.meter.m-1",
        doc("demand.meter.m-1", "PT15M", "Wh", 8, 250),
        STEP);
    assertThat(cache.forGrid(grid(), 0.9, 0.1).site(SiteId.of("s-1"), T0, 4)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = ';',
      value = {
        "another step ; demand.meter.m-1 ; PT1H ; Wh ; step PT1H is not the dispatch interval PT15M",
        "another unit ; demand.meter.m-1 ; PT15M ; kWh ; unit must be Wh",
        "an unknown quantity ; heat.meter.m-1 ; PT15M ; Wh ; target 'heat.meter.m-1' is not {demand|pv|wind}.{meter|feeder}.{id}",
      })
  void refusesForecastsItCannotUse(
      String why, String target, String step, String unit, String reason) {
    ForecastCache cache = new ForecastCache();
    assertThatThrownBy(() ->
            cache.accept("gridweave/v1/forecasts/" + target, doc(target, step, unit, 4, 100), STEP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(reason);
    assertThat(cache.targets()).isZero();
  }

  @Test
  void refusesGarbageAndKeepsThePreviousForecast() {
    ForecastCache cache = new ForecastCache();
    cache.accept(
        "gridweave/v1/forecasts/demand.meter.m-1",
        doc("demand.meter.m-1", "PT15M", "Wh", 4, 100),
        STEP);
    assertThatThrownBy(
            () -> cache.accept("gridweave/v1/forecasts/demand.meter.m-1", "{not json", STEP))
        .hasMessage("not JSON");
    assertThatThrownBy(() ->
            cache.accept(
                "gridweave/v1/forecasts/demand.meter.m-2",
                doc("demand.meter.m-1", "PT15M", "Wh", 4, 100),
                STEP))
        .hasMessage("target demand.meter.m-1 does not match the topic");
    String gap =
        doc("demand.meter.m-1", "PT15M", "Wh", 4, 100)
            .replace(T0.plus(STEP).toString() + "\",\"end", "2026-06-21T13:00:00Z\",\"end");
    assertThatThrownBy(() -> cache.accept("gridweave/v1/forecasts/demand.meter.m-1", gap, STEP))
        .hasMessage("row 1 does not start one step after the previous");
    assertThat(cache.issuedAt("demand.meter.m-1")).contains(Instant.parse("2026-06-21T11:50:00Z"));
  }
}

package org.gridweave.controller.me;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ViewsTest {
  private static final Duration STEP = Duration.ofMinutes(15);
  private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");

  private static Quantiles q(Instant first, double... p50) {
    double[] low = new double[p50.length];
    double[] high = new double[p50.length];
    for (int i = 0; i < p50.length; i++) {
      low[i] = p50[i] - 1;
      high[i] = p50[i] + 1;
    }
    return new Quantiles(first.minusSeconds(3600), first, STEP, low, p50, high);
  }

  @Test
  @SuppressWarnings("unchecked")
  void forecastAlignsDemandAndSumsGenerationWhereEverySourceCoversTheStep() {
    Quantiles demand = q(T0, 100, 110, 120);
    Quantiles pv = q(T0.plus(STEP), 50, 60, 70);
    Quantiles wind = q(T0, 5, 6, 7);

    Map<String, Object> view =
        ForecastView.of(Optional.of(demand), List.of(Optional.of(pv), Optional.of(wind)), STEP);

    assertThat((List<String>) view.get("intervals"))
        .containsExactly(
            "2026-11-26T10:00:00Z",
            "2026-11-26T10:15:00Z",
            "2026-11-26T10:30:00Z",
            "2026-11-26T10:45:00Z");
    Map<String, List<Double>> d = (Map<String, List<Double>>) view.get("demand");
    assertThat(d.get("p50")).containsExactly(100.0, 110.0, 120.0, null);
    assertThat(d.get("p10")).containsExactly(99.0, 109.0, 119.0, null);
    Map<String, List<Double>> g = (Map<String, List<Double>>) view.get("generation");
    assertThat(g.get("p50")).containsExactly(null, 56.0, 67.0, null);
    assertThat(g.get("p90")).containsExactly(null, 58.0, 69.0, null);
    assertThat(view.get("issued_at")).isEqualTo("2026-11-26T09:00:00Z");
  }

  @Test
  void aSiteWithoutGenerationHasNoGenerationBandAndNoForecastMeansNoIntervals() {
    Map<String, Object> view = ForecastView.of(Optional.empty(), List.of(), STEP);
    assertThat((List<?>) view.get("intervals")).isEmpty();
    assertThat(view.get("generation")).isNull();
    assertThat(view.get("issued_at")).isNull();
  }

  @Test
  @SuppressWarnings("unchecked")
  void aMissingGenerationForecastLeavesGenerationUnknownRatherThanZero() {
    Map<String, Object> view =
        ForecastView.of(Optional.of(q(T0, 1, 2)), List.of(Optional.empty()), STEP);
    Map<String, List<Double>> g = (Map<String, List<Double>>) view.get("generation");
    assertThat(g.get("p50")).containsExactly(null, null);
  }

  @Test
  void latestReadingHasTheLiveShapeWithPowerFromTheCounters() {
    var before = new LatestReading.Sample(T0, 300, 0, 1000.0, null, 50.0);
    var newest = new LatestReading.Sample(T0.plusSeconds(10), 0, 1200, 1005.0, null, 51.0);

    Map<String, Object> fresh =
        LatestReading.of(
            "S1", "M1", "F1", newest, before, T0.plusSeconds(30), Duration.ofMinutes(2));
    assertThat(fresh)
        .containsEntry("net_w", -1200.0)
        .containsEntry("export_w", 1200.0)
        .containsEntry("pv_w", 1800.0)
        .containsEntry("wind_w", 0.0)
        .containsEntry("soc_pct", 51.0)
        .containsEntry("ts", "2026-11-26T10:00:10Z")
        .containsEntry("stale", false);
    assertThat(fresh.keySet())
        .containsExactly(
            "site",
            "meter",
            "feeder",
            "net_w",
            "import_w",
            "export_w",
            "pv_w",
            "wind_w",
            "soc_pct",
            "ts",
            "stale");

    Map<String, Object> old =
        LatestReading.of(
            "S1", "M1", "F1", newest, null, T0.plusSeconds(600), Duration.ofMinutes(2));
    assertThat(old).containsEntry("stale", true).containsEntry("pv_w", 0.0);
  }
}

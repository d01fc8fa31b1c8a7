package org.gridweave.simulations.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.simulations.output.SortedJson;
import org.gridweave.simulations.scenario.ScenarioException;
import org.gridweave.simulations.scenario.ScenarioFile;
import org.junit.jupiter.api.Test;

/**
 * The tribuo forecasting mode: the forecasting module's engine, trained on the simulated history,
 * against the naive forecast on the same steps.
 */
class TribuoForecastingTest {
  /**
   * Synthetic households share one daily shape (morning and evening peaks) under heavy
   * per-household noise that forgets itself within hours: yesterday's value carries yesterday's
   * noise, a model of the shape does not.
   */
  private static final String DAILY_PATTERN =
      """
      name: tribuo-daily
      seed: 3
      clock: {start: 2026-03-02T00:00:00Z, end: 2026-04-01T00:00:00Z, step: 1h}
      topology:
        transformer_limit_kw: 200
        feeders:
          - {id: a, limit_kw: 100, prosumers: 12}
          - {id: b, limit_kw: 100, prosumers: 8}
      population:
        pv_share: 0.5
        battery_share: 0.3
      dispatch: {strategy: rules}
      forecasting: {mode: tribuo, retrain_every: 7d, trees: 20, max_rows: 3000}
      """;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> section(Results r, String... path) {
    Map<String, Object> m = r.summary();
    for (String k : path) {
      m = (Map<String, Object>) m.get(k);
    }
    return m;
  }

  @Test
  void theEngineBeatsTheNaiveForecastOnAClearDailyPatternAndRepeatsItself() {
    var scenario = ScenarioFile.parse("daily.yaml", DAILY_PATTERN);

    Results first = new Simulation(scenario, Optional.empty()).run(List.of(), null);
    Results second = new Simulation(scenario, Optional.empty()).run(List.of(), null);

    Map<String, Object> tribuo = section(first, "forecast", "tribuo");
    // 30 days of hours; a 7-day forecast (plus the rules' one step) needs 23 days of history
    assertThat(tribuo)
        .containsEntry("retrains", 1L)
        .containsEntry("training_failures", 0L)
        .containsEntry("naive_steps", 553L)
        .containsEntry("scored_steps", 167L)
        .containsEntry("retrain_every", "7d");
    double engine =
        ((Number) section(first, "forecast", "by_mode", "tribuo").get("demand_mae_kw"))
            .doubleValue();
    double naive =
        ((Number) section(first, "forecast", "by_mode", "naive").get("demand_mae_kw"))
            .doubleValue();
    assertThat(engine).isPositive().isLessThan(0.9 * naive);
    assertThat(section(first, "forecast", "by_mode", "tribuo"))
        .containsKeys("feeder_demand_pinball_kw", "feeder_generation_pinball_kw");
    assertThat(SortedJson.write(second.summary())).isEqualTo(SortedJson.write(first.summary()));
    assertThat(first.perf()).containsKey("forecast_training_s");
  }

  @Test
  void beforeEnoughHistoryTheRunStaysOnTheNaiveForecast() {
    var scenario =
        ScenarioFile.parse(
            "short.yaml",
            DAILY_PATTERN.replace("end: 2026-04-01T00:00:00Z", "end: 2026-03-20T00:00:00Z"));
    var naive =
        ScenarioFile.parse(
            "naive.yaml",
            DAILY_PATTERN
                .replace("end: 2026-04-01T00:00:00Z", "end: 2026-03-20T00:00:00Z")
                .replace(
                    "{mode: tribuo, retrain_every: 7d, trees: 20, max_rows: 3000}",
                    "{mode: naive}"));

    Results r = new Simulation(scenario, Optional.empty()).run(List.of(), null);
    Results n = new Simulation(naive, Optional.empty()).run(List.of(), null);

    assertThat(section(r, "forecast", "tribuo"))
        .containsEntry("retrains", 0L)
        .containsEntry("scored_steps", 0L);
    assertThat(r.number("forecast", "demand_mae_kw"))
        .isEqualTo(n.number("forecast", "demand_mae_kw"));
    assertThat(section(r, "grid")).isEqualTo(section(n, "grid"));
  }

  @Test
  void tribuoSettingsAreCheckedWithTheirLines() {
    String base =
        """
        name: t
        seed: 1
        clock: {start: 2026-03-02T00:00:00Z, end: 2026-03-03T00:00:00Z, step: 15m}
        topology:
          transformer_limit_kw: 20
          feeders: [{id: a, limit_kw: 10, prosumers: 2}]
        population: {}
        forecasting:
        """;
    assertThatThrownBy(
            () -> ScenarioFile.parse("t.yaml", base + "  mode: tribuo\n  history_days: 14\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage(
            "t.yaml:10: history_days must be >= 23 for retrain_every PT168H (the forecasting"
                + " engine's backtest needs 23 days of history for a PT168H15M horizon), was 14");
    assertThatThrownBy(
            () -> ScenarioFile.parse("t.yaml", base + "  mode: tribuo\n  retrain_every: 20m\n"))
        .hasMessage(
            "t.yaml:10: retrain_every must match ^([1-9][0-9]*(h|d)|P[0-9DTHM]+)$, was '20m'");
    assertThatThrownBy(
            () -> ScenarioFile.parse("t.yaml", base + "  mode: tribuo\n  retrain_every: PT20M\n"))
        .hasMessage(
            "t.yaml:10: retrain_every must be a whole number of steps (PT15M), at most 28 days,"
                + " was 'PT20M'");
    assertThatThrownBy(
            () -> ScenarioFile.parse("t.yaml", base + "  mode: tribuo\n  quantiles: [0.5, 0.1]\n"))
        .hasMessage("t.yaml:10: quantiles must be ascending and distinct, 0.1 follows 0.5");
    assertThatThrownBy(
            () -> ScenarioFile.parse("t.yaml", base + "  mode: tribuo\n  quantiles: [0.5, 1]\n"))
        .hasMessageContaining("t.yaml:10: quantiles[1] must be < 1");
    var ok =
        ScenarioFile.parse(
            "t.yaml", base + "  mode: tribuo\n  retrain_every: 1d\n  history_days: 17\n");
    assertThat(ok.tribuo().retrainEvery()).hasDays(1);
    assertThat(ok.tribuo().historyDays()).isEqualTo(17);
  }
}

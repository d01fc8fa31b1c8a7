package org.gridweave.simulations.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gridweave.simulations.scenario.Scenario;
import org.gridweave.simulations.scenario.ScenarioFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConservationTest {

  static Scenario tiny(String strategy, String market, String forecast, int prosumers) {
    return ScenarioFile.parse(
        "tiny.yaml",
        """
        name: tiny
        seed: 11
        clock: {start: 2026-06-01T00:00:00Z, end: 2026-06-03T00:00:00Z, step: 15m}
        topology:
          transformer_limit_kw: 30
          connection: {import_limit_kw: 12, export_limit_kw: 3}
          feeders:
            - {id: a, limit_kw: 15, prosumers: N}
            - {id: b, limit_kw: 12, prosumers: N}
        population:
          pv_share: 0.7
          pv_kwp: {min: 3, max: 9}
          battery_share: 0.6
          battery_kwh: {min: 4, max: 12}
          wind_share: 0.3
        profiles: {wind_speed_mean_ms: 8}
        market: {mechanism: MARKET}
        dispatch: {strategy: STRATEGY, horizon_steps: 8}
        forecasting: {mode: FORECAST}
        """
            .replace("N", String.valueOf(prosumers))
            .replace("MARKET", market)
            .replace("STRATEGY", strategy)
            .replace("FORECAST", forecast));
  }

  @ParameterizedTest(name = "{0} dispatch, {1} market, {2} forecasts")
  @CsvSource({
    "rules, pay_as_clear, naive",
    "rules, pay_as_bid, perfect",
    "none, none, perfect",
    "optimiser, pay_as_clear, perfect"
  })
  void everyStepBalancesAndTheTotalsAddUp(String strategy, String market, String forecast) {
    Scenario s = tiny(strategy, market, forecast, 4);

    Results r = new Simulation(s, Optional.empty()).run(List.of(), null);

    // every step checked: each site's balance, each battery twice, the neighbourhood twice
    assertThat(r.number("conservation", "checks")).isGreaterThanOrEqualTo(192.0 * (8 + 2));
    assertThat(r.number("conservation", "worst_residual_kwh")).isLessThan(1e-6);
    double in =
        r.number("energy", "transformer_import_kwh")
            + r.number("energy", "pv_used_kwh")
            + r.number("energy", "wind_kwh")
            + r.number("energy", "battery_discharge_kwh");
    double out =
        r.number("energy", "demand_kwh")
            + r.number("energy", "transformer_export_kwh")
            + r.number("energy", "battery_charge_kwh");
    assertThat(in).isCloseTo(out, within(1e-6));
    assertThat(r.number("energy", "battery_losses_kwh")).isGreaterThanOrEqualTo(-1e-9);
    assertThat(r.number("market", "buyers_paid"))
        .isCloseTo(
            r.number("market", "sellers_received") + r.number("market", "grid_fees"), within(1e-9));
  }

  @Test
  void theRulesMakeUseOfBatteriesWhenTheExportLimitBinds() {
    Results r =
        new Simulation(tiny("rules", "none", "perfect", 4), Optional.empty()).run(List.of(), null);

    assertThat(r.number("energy", "battery_charge_kwh")).isPositive();
  }

  @Test
  void anImbalanceStopsTheRunNamingStepSiteAndSides() {
    Conservation c = new Conservation();
    Instant at = Instant.parse("2026-06-01T10:15:00Z");

    assertThatThrownBy(() -> c.check(at, "import - export = consumption - generation", 7, 1.0, 1.1))
        .isInstanceOf(ConservationViolation.class)
        .hasMessageStartingWith(
            "energy conservation violated at 2026-06-01T10:15:00Z: prosumer 7: import - export"
                + " = consumption - generation (1.000000000 kWh vs 1.100000000 kWh");
  }

  @Test
  void aBatteryOutsideItsBoundsStopsTheRun() {
    Conservation c = new Conservation();

    assertThatThrownBy(() -> c.checkWithin(Instant.EPOCH, "battery energy", 3, 10.5, 1.0, 9.5))
        .isInstanceOf(ConservationViolation.class)
        .hasMessageContaining("prosumer 3: battery energy 10.500000000 kWh outside");
  }
}

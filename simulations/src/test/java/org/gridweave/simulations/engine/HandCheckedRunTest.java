package org.gridweave.simulations.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Optional;
import org.gridweave.simulations.scenario.Scenario;
import org.gridweave.simulations.scenario.ScenarioFile;
import org.junit.jupiter.api.Test;

/** Two tiny runs whose every number is worked out by hand in the comments. */
class HandCheckedRunTest {

  /**
   * A meter fleet that reads exactly what the test says in the first two steps (12:00, 13:00), and
   * a day earlier (what naive forecasts see) {@code yesterday}.
   */
  record Given(double[][] demand12, double[][] pv12, double[][][] yesterday)
      implements ProfileSource {
    Given(double[][] demand12, double[][] pv12) {
      this(demand12, pv12, null);
    }

    @Override
    public void fillDay(long day, double[][] demand, double[][] pv, double[][] wind) {
      for (int i = 0; i < demand.length; i++) {
        java.util.Arrays.fill(demand[i], 0);
        java.util.Arrays.fill(pv[i], 0);
        java.util.Arrays.fill(wind[i], 0);
        if (day == -1 && yesterday != null) {
          demand[i][0] = yesterday[0][i][0];
          pv[i][0] = yesterday[1][i][0];
        }
        if (day == 0) {
          for (int k = 0; k < 2; k++) {
            demand[i][k] = demand12[i][k];
            pv[i][k] = pv12[i][k];
          }
        }
      }
    }
  }

  private static final String BASE =
      """
      name: hand
      seed: 1
      clock: {start: 2026-06-01T12:00:00Z, end: 2026-06-01T14:00:00Z, step: 1h}
      location: {zone: UTC}
      topology:
        transformer_limit_kw: 100
        connection: {import_limit_kw: 15, export_limit_kw: 10}
        feeders: [{id: f1, limit_kw: 50, prosumers: PROSUMERS}]
      population:
        pv_share: 1
        pv_kwp: {min: 4, max: 4}
        battery_share: BATTERY
        battery_kwh: {min: 10, max: 10}
        battery_c_rate: 0.5
        battery_round_trip_efficiency: 0.81
      tariff: {import_per_kwh: 0.30, export_per_kwh: 0.10}
      market: {mechanism: pay_as_clear, crossing_fee_per_kwh: 0}
      dispatch: {strategy: STRATEGY}
      forecasting: {mode: FORECAST}
      """;

  private static Scenario scenario(int prosumers, double batteryShare, String strategy) {
    return scenario(prosumers, batteryShare, strategy, "perfect");
  }

  private static Scenario scenario(
      int prosumers, double batteryShare, String strategy, String forecast) {
    return ScenarioFile.parse(
        "hand.yaml",
        BASE.replace("PROSUMERS", String.valueOf(prosumers))
            .replace("FORECAST", forecast)
            .replace("BATTERY", String.valueOf(batteryShare))
            .replace("STRATEGY", strategy));
  }

  @Test
  void twoProsumersTradeTheSurplusOfOneWithTheOther() {
    // Hour 12: A uses 1 kW and makes 4 kW (net -3, exports 3 kWh); B uses 2 kW (imports 2 kWh).
    // Hour 13: A uses 2 kW and makes 1 kW (imports 1 kWh); B uses 0.5 kW (imports 0.5 kWh).
    Given meters = new Given(new double[][] {{1, 2}, {2, 0.5}}, new double[][] {{4, 1}, {0, 0}});

    Results r =
        new Simulation(scenario(2, 0, "rules"), Optional.empty(), meters).run(List.of(), null);

    // Energy: demand 1+2+2+0.5 = 5.5 kWh, PV 4+1 = 5 kWh. Transformer: hour 12 -3+2 = -1 (export
    // 1 kWh), hour 13 1+0.5 = +1.5 (import 1.5 kWh). Sites import 2+1+0.5 = 3.5, export 3.
    assertThat(r.number("energy", "demand_kwh")).isCloseTo(5.5, within(1e-9));
    assertThat(r.number("energy", "pv_used_kwh")).isCloseTo(5.0, within(1e-9));
    assertThat(r.number("energy", "site_import_kwh")).isCloseTo(3.5, within(1e-9));
    assertThat(r.number("energy", "site_export_kwh")).isCloseTo(3.0, within(1e-9));
    assertThat(r.number("energy", "transformer_import_kwh")).isCloseTo(1.5, within(1e-9));
    assertThat(r.number("energy", "transformer_export_kwh")).isCloseTo(1.0, within(1e-9));
    assertThat(r.number("grid", "peak_import_kw")).isCloseTo(1.5, within(1e-9));
    assertThat(r.number("grid", "peak_export_kw")).isCloseTo(1.0, within(1e-9));
    // self-sufficiency 1 - 1.5/5.5 = 0.727273; self-consumption 1 - 1/5 = 0.8
    assertThat(r.number("grid", "self_sufficiency")).isCloseTo(1 - 1.5 / 5.5, within(1e-9));
    assertThat(r.number("grid", "self_consumption")).isCloseTo(0.8, within(1e-9));

    // Market, hour 12: A offers 3,000 Wh at the export price 0.10, B bids 2,000 Wh at the import
    // price 0.30. Pay-as-clear: the midpoint 0.20; 2,000 Wh trade, B pays A 0.40. Hour 13: two
    // bids, no offer, no trade.
    assertThat(r.number("market", "trades")).isEqualTo(1);
    assertThat(r.number("market", "volume_kwh")).isCloseTo(2.0, within(1e-9));
    assertThat(r.number("market", "mean_price_per_kwh")).isCloseTo(0.20, within(1e-9));
    assertThat(r.number("market", "buyers_paid")).isCloseTo(0.40, within(1e-9));

    // Money. A: hour 12 sells 2 kWh for 0.40 and exports the other 1 kWh at 0.10 (-0.50);
    // hour 13 imports 1 kWh at 0.30 -> -0.20. B: hour 12 pays 0.40 for what it bought;
    // hour 13 imports 0.5 kWh at 0.30 = 0.15 -> 0.55. Mean 0.175.
    // Tariff only: A -0.30 + 0.30 = 0; B 0.60 + 0.15 = 0.75; mean 0.375.
    assertThat(r.number("cost", "cost_per_prosumer_min")).isCloseTo(-0.20, within(1e-9));
    assertThat(r.number("cost", "cost_per_prosumer_max")).isCloseTo(0.55, within(1e-9));
    assertThat(r.number("cost", "cost_per_prosumer_mean")).isCloseTo(0.175, within(1e-9));
    assertThat(r.number("cost", "cost_per_prosumer_tariff_only_mean"))
        .isCloseTo(0.375, within(1e-9));
  }

  @Test
  void aBatteryWithoutAControllerServesItsOwnSite() {
    // One prosumer, a 10 kWh battery (5 kW, round trip 0.81: 0.9 each way) starting at 5 kWh.
    // Hour 12: uses 1 kW, makes 4 kW: charges 3 kW, stores 0.9 * 3 = 2.7 kWh -> 7.7 kWh; net 0.
    // Hour 13: uses 3 kW, no sun: discharges 3 kW, draws 3 / 0.9 = 3.333 kWh -> 4.366667; net 0.
    Given meter = new Given(new double[][] {{1, 3}}, new double[][] {{4, 0}});

    Results r =
        new Simulation(scenario(1, 1, "none"), Optional.empty(), meter).run(List.of(), null);

    assertThat(r.number("energy", "battery_charge_kwh")).isCloseTo(3, within(1e-9));
    assertThat(r.number("energy", "battery_discharge_kwh")).isCloseTo(3, within(1e-9));
    // stored 4.366667 - 5 = -0.633333; losses 0.3 charging + 0.333333 discharging
    assertThat(r.number("energy", "battery_stored_change_kwh"))
        .isCloseTo(2.7 - 3 / 0.9, within(1e-9));
    assertThat(r.number("energy", "battery_losses_kwh")).isCloseTo(0.3 + 3 / 0.9 - 3, within(1e-9));
    assertThat(r.number("energy", "site_import_kwh")).isCloseTo(0, within(1e-9));
    assertThat(r.number("grid", "self_sufficiency")).isCloseTo(1, within(1e-9));
    assertThat(r.number("market", "trades")).isZero();
  }

  @Test
  void aSellerShortOfWhatItSoldPaysTheShortfallAndThePenalty() {
    // Naive forecasts: yesterday at 12:00 A used 1 kW and made 4 kW (net -3), B used 2 kW.
    // So A offers 3,000 Wh at 0.10 and B bids 2,000 Wh at 0.30: 2,000 Wh trade at 0.20 (0.40).
    // Today it is cloudier: A makes only 2 kW, exports 1 kWh, delivers 1,000 of the 2,000 Wh sold.
    // Delivery check: A's shortfall 1 kWh is bought at the import price 0.30 + penalty 0.05;
    // A: +0.40 - 0.30 - 0.05 = +0.05 (cost -0.05). B took all 2 kWh it bought: pays 0.40.
    // Tariff alone: A exports 1 kWh (-0.10), B imports 2 kWh (0.60): mean 0.25.
    Given meters =
        new Given(
            new double[][] {{1, 0}, {2, 0}},
            new double[][] {{2, 0}, {0, 0}},
            new double[][][] {{{1}, {2}}, {{4}, {0}}});
    Scenario s = scenario(2, 0, "rules", "naive");

    Results r = new Simulation(s, Optional.empty(), meters).run(List.of(), null);

    assertThat(r.number("market", "volume_kwh")).isCloseTo(2.0, within(1e-9));
    assertThat(r.number("market", "delivery_shortfall_kwh")).isCloseTo(1.0, within(1e-9));
    assertThat(r.number("market", "delivery_penalties")).isCloseTo(0.05, within(1e-9));
    assertThat(r.number("cost", "cost_per_prosumer_min")).isCloseTo(-0.05, within(1e-9));
    assertThat(r.number("cost", "cost_per_prosumer_max")).isCloseTo(0.40, within(1e-9));
    assertThat(r.number("cost", "cost_per_prosumer_tariff_only_mean"))
        .isCloseTo(0.25, within(1e-9));
    // the naive forecast missed A's PV by 2 kW and nothing else: MAE over 2 sites x 2 steps
    assertThat(r.number("forecast", "generation_mae_kw")).isCloseTo(2.0 / 4, within(1e-9));
  }
}

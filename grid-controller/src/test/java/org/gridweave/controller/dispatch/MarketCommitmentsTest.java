package org.gridweave.controller.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.core.time.Interval;
import org.junit.jupiter.api.Test;

/**
 * Cleared market trades as commitments the dispatch plans around. Four 15-minute steps; import
 * 0.30, export 0.05 per kWh; a missed kWh of a trade is settled at import + 0.05 penalty (seller)
 * or credited at export − 0.05 (buyer); battery wear 0.01 per kWh; one-way efficiency 0.9, so a kWh
 * left in the cells is worth 0.9 × 0.30 = 0.27.
 */
class MarketCommitmentsTest {
  private static final double KW = 1e-6;
  private final LpDispatcher optimiser = new LpDispatcher();

  private static Scenario base() {
    return Scenario.at("2026-06-21T18:00:00Z", 4).prices(0.30, 0.05).feeder("f-1", 100);
  }

  @Test
  void aBatteryDischargesToDeliverEnergyItsSiteSold() {
    // Idle without the trade: exporting earns 0.05, the cells' energy is worth 0.30 per kWh out.
    // Sold 0.5 kWh for the first step: missing it costs 0.30 + 0.05 = 0.35 per kWh, delivering it
    // from the battery 0.30 (energy) + 0.01 (wear), so the battery discharges 2 kW for that step.
    Scenario s = base().site("s-1", "f-1", x -> x.battery(10, 5, 0.81, 5)).sold("s-1", 0.5);
    Scenario idle = base().site("s-1", "f-1", x -> x.battery(10, 5, 0.81, 5));
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);
    Plan without = optimiser.plan(idle.problem());

    assertThat(without.dischargeKw[0][0]).isCloseTo(0, within(KW));
    assertThat(plan.dischargeKw[0][0]).isCloseTo(2.0, within(KW));
    assertThat(plan.exportKw[0][0]).isCloseTo(2.0, within(KW));
    for (int t = 1; t < 4; t++) {
      assertThat(plan.dischargeKw[0][t]).isCloseTo(0, within(KW));
    }
    PlanChecker.Report check = PlanChecker.check(p, plan);
    assertThat(check.missedTradeKwh()).isCloseTo(0, within(KW));
    assertThat(check.keepsEveryLimit()).isTrue();
    // cells give 0.5 / 0.9 kWh worth 0.27 each, plus wear on 0.5 kWh; the export is the trade's
    assertThat(PlanChecker.cost(p, plan)).isCloseTo(0.5 / 0.9 * 0.27 + 0.5 * 0.01, within(1e-9));
    assertThat(Explainer.sites(p, plan).get(0).sentence())
        .isEqualTo(
            "battery discharging at 2.0 kW: delivering energy sold in the market for this"
                + " interval; market: 0.50 kWh sold for this interval, planned in full");
  }

  @Test
  void energyASiteCannotDeliverIsReportedAndPricedAsTheDeliveryCheckSettlesIt() {
    // 1 kW of demand, nothing to export with: the whole 0.5 kWh is short.
    Scenario s = base().site("s-1", "f-1", x -> x.demand(1)).sold("s-1", 0.5);
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);

    PlanChecker.Report check = PlanChecker.check(p, plan);
    assertThat(check.missedTradeKwh()).isCloseTo(0.5, within(KW));
    // demand: 4 × 0.25 kWh at 0.30; shortfall 0.5 kWh at 0.30 + 0.05
    assertThat(PlanChecker.cost(p, plan)).isCloseTo(4 * 0.25 * 0.30 + 0.5 * 0.35, within(1e-9));
    assertThat(Explainer.sites(p, plan).get(0).sentence())
        .isEqualTo(
            "market: 0.50 kWh sold for this interval, 0.50 kWh short (settled by the delivery"
                + " check)");
  }

  @Test
  void deliveryCountsOnTheNetFlowTheMeterRegisters() {
    // 3 kW PV, 1 kW demand: the meter can register at most 2 kW × 0.25 h = 0.5 kWh of export,
    // so 0.25 of the 0.75 kWh sold is short, whatever import and export could be written down
    Scenario s = base().site("s-1", "f-1", x -> x.pv(3).demand(1)).sold("s-1", 0.75);
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);

    assertThat(plan.exportKw[0][0]).isCloseTo(2.0, within(KW));
    assertThat(plan.importKw[0][0]).isCloseTo(0, within(KW));
    assertThat(PlanChecker.check(p, plan).missedTradeKwh()).isCloseTo(0.25, within(KW));
    assertThat(Explainer.sites(p, plan).get(0).sentence())
        .contains("market: 0.75 kWh sold for this interval, 0.25 kWh short");
  }

  @Test
  void aBatteryCoversItsDemandAndTheSaleTogether() {
    // 2 kW of demand and 0.5 kWh sold: delivering needs 4 kW from the battery (2 for the house,
    // 2 out). Cells give 1 / 0.9 kWh worth 0.27 each (0.30) + wear 0.01; that saves 0.5 kWh of
    // import (0.15) and the shortfall (0.5 × 0.35 = 0.175): 0.325 > 0.31, so it discharges 4 kW.
    Scenario s =
        base().site("s-1", "f-1", x -> x.demand(2).battery(10, 5, 0.81, 5)).sold("s-1", 0.5);
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);

    assertThat(plan.dischargeKw[0][0]).isCloseTo(4.0, within(KW));
    assertThat(plan.importKw[0][0]).isCloseTo(0, within(KW));
    assertThat(plan.exportKw[0][0]).isCloseTo(2.0, within(KW));
    assertThat(PlanChecker.check(p, plan).missedTradeKwh()).isCloseTo(0, within(KW));
  }

  @Test
  void aBuyerTakesWhatItBoughtIntoItsBattery() {
    // Bought 1 kWh for the first step with 0.25 kWh of demand in it. Energy bought but not taken
    // is credited at 0.05 − 0.05 = 0, while a kWh charged keeps 0.9 kWh worth 0.27 each: the
    // battery takes the other 0.75 kWh (3 kW), and imports afterwards cover demand only.
    Scenario s =
        base().site("s-1", "f-1", x -> x.demand(1).battery(10, 5, 0.81, 5)).bought("s-1", 1.0);
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);

    assertThat(plan.importKw[0][0]).isCloseTo(4.0, within(KW));
    assertThat(plan.chargeKw[0][0]).isCloseTo(3.0, within(KW));
    for (int t = 1; t < 4; t++) {
      assertThat(plan.importKw[0][t]).isCloseTo(1.0, within(KW));
      assertThat(plan.chargeKw[0][t]).isCloseTo(0, within(KW));
    }
    assertThat(PlanChecker.check(p, plan).missedTradeKwh()).isCloseTo(0, within(KW));
    assertThat(Explainer.sites(p, plan).get(0).sentence())
        .isEqualTo(
            "battery charging at 3.0 kW: taking energy bought in the market for this interval;"
                + " market: 1.00 kWh bought for this interval, planned in full");
  }

  @Test
  void soldEnergyIsExportedEvenWhenExportingOtherwiseCostsMoney() {
    // A negative export price (−0.10) makes a PV-only site curtail everything (curtailing costs
    // 0.02); the 0.5 kWh it sold for the first step is still delivered (2 kW), the rest curtailed.
    Scenario s = base().prices(0.30, -0.10).site("s-1", "f-1", x -> x.pv(4)).sold("s-1", 0.5);
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);

    assertThat(plan.exportKw[0][0]).isCloseTo(2.0, within(KW));
    assertThat(plan.curtailKw[0][0]).isCloseTo(2.0, within(KW));
    for (int t = 1; t < 4; t++) {
      assertThat(plan.curtailKw[0][t]).isCloseTo(4.0, within(KW));
    }
  }

  /** The first interval's decision by a cycle on the scenario's fresh forecasts and trades. */
  private static Decision decide(Scenario s, MarketCommitments.Source traded) {
    GridModel grid = s.grid();
    Instant now = s.start;
    try (DispatchCycle cycle =
        new DispatchCycle(
            () -> grid,
            s::tariff,
            new DispatchCycleTest.FakeForecasts(s.forecasts(), now),
            new DispatchCycleTest.FakeStates(),
            s.settings(),
            Duration.ofHours(1),
            Clock.fixed(now, ZoneOffset.UTC),
            traded)) {
      return cycle.decide(Interval.containing(now, Duration.ofMinutes(15)));
    }
  }

  @Test
  void tradesThatCannotBeReadLeaveThePlanWithoutThemAndSayWhy() {
    Scenario s = base().site("s-1", "f-1", x -> x.battery(10, 5, 0.81, 5));

    Decision d =
        decide(
            s,
            (from, step, steps) -> {
              throw new IllegalStateException("database down");
            });

    assertThat(d.mode()).isEqualTo(Decision.Mode.OPTIMAL);
    assertThat(d.reason())
        .contains("the market's trades are unreadable (database down): planned without them");
  }

  @Test
  void theCycleTellsHowMuchTradedEnergyWillNotBeDelivered() {
    Scenario s = base().site("s-1", "f-1", x -> x.demand(1)).sold("s-1", 0.5, 0.25);
    MarketCommitments traded = s.commitments();

    Decision d = decide(s, (from, step, steps) -> traded);

    assertThat(d.reason()).contains("0.75 kWh of market trades will not be delivered as traded");
  }

  @Test
  void smallTradesReadInWattHours() {
    assertThat(Explainer.energy(0.002)).isEqualTo("2 Wh");
    assertThat(Explainer.energy(0.5)).isEqualTo("0.50 kWh");
  }

  @Test
  void tradedEnergyMustBeNonNegative() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new MarketCommitments.Commitment(new double[] {-1}, new double[] {0}))
        .hasMessageContaining("traded energy must be ≥ 0 kWh");
  }
}

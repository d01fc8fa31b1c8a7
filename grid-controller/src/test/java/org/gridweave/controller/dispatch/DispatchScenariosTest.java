package org.gridweave.controller.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The optimiser on small grids whose right answer can be worked out by hand. Four 15-minute steps
 * from noon unless said otherwise; flat forecasts; powers in kW.
 */
class DispatchScenariosTest {
  private static final double KW = 1e-6;
  private final LpDispatcher optimiser = new LpDispatcher();

  @Test
  void aPvSurplusAboveTheExportLimitChargesTheBattery() {
    // 8 kW PV - 1 kW demand = 7 kW surplus; the connection exports 5. Storing for later is not
    // worth
    // it at these prices (export 0.09 > what a stored kWh is worth), so exactly the 2 kW the
    // connection cannot take go into the battery rather than being curtailed.
    Scenario s =
        Scenario.at("2026-06-21T12:00:00Z", 4)
            .prices(0.10, 0.09)
            .feeder("f-1", 100)
            .site("s-1", "f-1", x -> x.demand(1).pv(8).limits(20, 5).battery(10, 5, 0.81, 2));
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);

    for (int t = 0; t < 4; t++) {
      assertThat(plan.chargeKw[0][t]).isCloseTo(2.0, within(KW));
      assertThat(plan.exportKw[0][t]).isCloseTo(5.0, within(KW));
      assertThat(plan.curtailKw[0][t]).isCloseTo(0.0, within(KW));
    }
    assertThat(Explainer.sites(p, plan).get(0).sentence())
        .isEqualTo("battery charging at 2.0 kW: PV surplus above the 5.0 kW export limit");
    assertThat(PlanChecker.check(p, plan).keepsEveryLimit()).isTrue();
  }

  @Test
  void aFeederAtItsReverseFlowLimitCurtailsTheCheapestSiteFirst() {
    // Two sites each send 5 kW back; the feeder takes 6, so 4 kW must go. Curtailing at s-cheap
    // costs 0.01/kWh, at s-dear 0.05/kWh: all 4 kW come from s-cheap.
    Scenario s =
        Scenario.at("2026-06-21T12:00:00Z", 4)
            .feeder("f-1", 6)
            .site("s-dear", "f-1", x -> x.demand(1).pv(6).curtailmentCost(0.05))
            .site("s-cheap", "f-1", x -> x.demand(1).pv(6).curtailmentCost(0.01));
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);

    int dear = s.indexOf("s-dear");
    int cheap = s.indexOf("s-cheap");
    for (int t = 0; t < 4; t++) {
      assertThat(plan.curtailKw[cheap][t]).isCloseTo(4.0, within(KW));
      assertThat(plan.curtailKw[dear][t]).isCloseTo(0.0, within(KW));
      assertThat(plan.feederFlowKw(p, 0, t)).isCloseTo(-6.0, within(KW));
    }
    // one more kW of reverse capacity lets s-cheap export it: +0.08 earned, 0.01 not paid
    Binding reverse = binding(Explainer.bindings(p, plan), "feeder_reverse_limit");
    assertThat(reverse.subject()).isEqualTo("f-1");
    assertThat(reverse.steps()).isEqualTo(4);
    assertThat(reverse.shadowPricePerKwh()).isCloseTo(0.09, within(1e-6));
    assertThat(Explainer.sites(p, plan).get(cheap).sentence())
        .isEqualTo(
            "PV curtailed by 4.0 kW (67 %): feeder f-1 is at its reverse-flow limit (6.0 kW)");
  }

  @Test
  void anEmptyBatteryLeavesTheSiteImporting() {
    // Evening peak at 0.35, cheap again at 0.10 later: a stored kWh is worth 0.9 × 0.10 at the end,
    // so a battery with energy to give discharges now; one at its 10 % floor (1 of 10 kWh) cannot.
    Scenario empty = evening(1);
    Scenario full = evening(8);

    Plan emptyPlan = optimiser.plan(empty.problem());
    Plan fullPlan = optimiser.plan(full.problem());

    for (int t = 0; t < 3; t++) {
      assertThat(emptyPlan.dischargeKw[0][t]).isCloseTo(0.0, within(KW));
      assertThat(emptyPlan.importKw[0][t]).isCloseTo(3.0, within(KW));
      assertThat(fullPlan.dischargeKw[0][t]).isCloseTo(3.0, within(KW));
    }
    assertThat(Explainer.sites(empty.problem(), emptyPlan).get(0).sentence())
        .doesNotContain("discharging");
  }

  private static Scenario evening(double storedKwh) {
    return Scenario.at("2026-06-21T18:00:00Z", 4)
        .importPrices(0.35, 0.35, 0.35, 0.10)
        .feeder("f-1", 100)
        .site("s-1", "f-1", x -> x.demand(3).battery(10, 5, 0.81, storedKwh));
  }

  @Test
  void feederLimitsHoldAtTheHighDemandQuantile() {
    // 5 + 4 kW of median demand fits a 10 kW feeder, but at P90 it is 6.5 + 5: the plan keeps
    // 10 − 1.5 − 1 = 7.5 kW for the median, so the battery gives the other 1.5 kW
    Scenario s =
        Scenario.at("2026-06-21T18:00:00Z", 4)
            .prices(0.25, 0.08)
            .feeder("f-1", 10)
            .site("a", "f-1", x -> x.demand(5))
            .site("b", "f-1", x -> x.demand(4).battery(10, 5, 0.81, 8));
    java.util.Map<org.gridweave.core.id.SiteId, SiteForecast> fc = new java.util.HashMap<>();
    fc.put(
        org.gridweave.core.id.SiteId.of("a"),
        new SiteForecast(s.filled(5), s.filled(0), s.filled(0), null, s.filled(6.5), null, null));
    fc.put(
        org.gridweave.core.id.SiteId.of("b"),
        new SiteForecast(s.filled(4), s.filled(0), s.filled(0), null, s.filled(5), null, null));
    DispatchProblem p =
        DispatchProblem.of(s.grid(), s.start, s.settings(), s.tariff(), fc, s.states(), null);

    Plan plan = optimiser.plan(p);

    for (int t = 0; t < 4; t++) {
      assertThat(p.feederImportCap(0, t)).isCloseTo(7.5, within(KW));
      assertThat(plan.dischargeKw[1][t]).isCloseTo(1.5, within(KW));
      assertThat(plan.feederFlowKw(p, 0, t)).isCloseTo(7.5, within(KW));
    }
    // with the median only, nothing binds and the battery holds
    Plan median = optimiser.plan(s.problem());
    assertThat(median.dischargeKw[1][0]).isCloseTo(0.0, within(KW));
  }

  @Test
  void aBatteryOutsideItsPlanningBoundsNeverMakesThePlanInfeasible() {
    // empty below a 10 % floor with only 1 kW of import headroom: restored at 1 kW, no exception
    Scenario low =
        Scenario.at("2026-06-21T18:00:00Z", 4)
            .feeder("f-1", 100)
            .site("s-1", "f-1", x -> x.demand(4).limits(5, 5).battery(10, 5, 0.81, 0));
    Plan lowPlan = optimiser.plan(low.problem());
    assertThat(lowPlan.chargeKw[0][0]).isCloseTo(1.0, within(KW));
    assertThat(PlanChecker.check(low.problem(), lowPlan).keepsEveryLimit()).isTrue();
    // full above its 90 % ceiling with no export allowed: no exception, no energy burnt by charging
    // and discharging at once, every limit kept
    Scenario high =
        Scenario.at("2026-06-21T12:00:00Z", 4)
            .feeder("f-1", 100)
            .site("s-1", "f-1", x -> x.demand(0.5).limits(5, 0).battery(10, 5, 0.81, 10));
    Plan highPlan = optimiser.plan(high.problem());
    for (int t = 0; t < 4; t++) {
      assertThat(Math.min(highPlan.chargeKw[0][t], highPlan.dischargeKw[0][t]))
          .isCloseTo(0, within(KW));
    }
    assertThat(PlanChecker.check(high.problem(), highPlan).keepsEveryLimit()).isTrue();
  }

  @Test
  void aBatteryBelowItsMinimumIsRestoredFirstAndSaysSo() {
    // 0.5 kWh in a 10 kWh battery whose floor is 1 kWh: charging from the grid does not pay at a
    // flat price, but the floor is restored at once (0.5 kWh at up to 5 kW × 0.9 in 15 min)
    Scenario s =
        Scenario.at("2026-06-21T02:00:00Z", 4)
            .prices(0.30, 0.08)
            .feeder("f-1", 100)
            .site("s-1", "f-1", x -> x.demand(0.5).battery(10, 5, 0.81, 0.5));
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);

    assertThat(plan.energyKwh[0][0]).isCloseTo(1.0, within(KW));
    assertThat(plan.energyKwh[0][3]).isCloseTo(1.0, within(KW));
    assertThat(Explainer.sites(p, plan).get(0).sentence())
        .isEqualTo(
            "battery charging at 2.2 kW: restoring the battery to its 10 % minimum state of charge");
  }

  @Test
  void aFeederAtItsImportLimitIsRelievedByBatteriesAndItsShadowPriceIsTheSavedCost() {
    // 6 kW of demand on a 4 kW feeder: s-store discharges exactly the missing 2 kW (discharging
    // more
    // does not pay at a flat price: wear). One more kWh of feeder capacity would save the wear of
    // 1 kWh discharged (0.01) and keep 1/0.9 kWh in the cells worth 0.9 × 0.25 each, while
    // importing
    // it costs 0.25: 0.01 + 0.25 - 0.25 = 0.01 per kWh.
    Scenario s =
        Scenario.at("2026-06-21T18:00:00Z", 4)
            .prices(0.25, 0.08)
            .feeder("f-1", 4)
            .site("s-plain", "f-1", x -> x.demand(3))
            .site("s-store", "f-1", x -> x.demand(3).battery(10, 5, 0.81, 8));
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);

    int store = s.indexOf("s-store");
    for (int t = 0; t < 4; t++) {
      assertThat(plan.dischargeKw[store][t]).isCloseTo(2.0, within(KW));
      assertThat(plan.feederShadow[0][t]).isCloseTo(0.01, within(1e-6));
    }
    assertThat(Explainer.sites(p, plan).get(store).sentence())
        .isEqualTo("battery discharging at 2.0 kW: feeder f-1 is at its import limit (4.0 kW)");
  }

  @Test
  void shadowPricesPredictWhatMoreCapacityWouldSave() {
    // Finite difference against the duals on a grid where several things interact: rising prices,
    // a battery with a later use, PV, a binding feeder.
    Scenario base = interacting(5.0);
    Scenario relaxed = interacting(5.1);
    DispatchProblem p = base.problem();
    Plan plan = optimiser.plan(p);
    Plan more = optimiser.plan(relaxed.problem());

    double predicted = 0;
    for (int t = 0; t < p.steps(); t++) {
      predicted += plan.feederShadow[0][t] * 0.1 * p.stepHours();
    }
    double saved = PlanChecker.cost(p, plan) - PlanChecker.cost(relaxed.problem(), more);
    assertThat(predicted).isGreaterThan(0);
    assertThat(saved).isCloseTo(predicted, within(1e-6 + 1e-3 * predicted));
  }

  private static Scenario interacting(double feederKw) {
    return Scenario.at("2026-06-21T16:00:00Z", 8)
        .importPrices(0.20, 0.20, 0.25, 0.30, 0.35, 0.35, 0.30, 0.25)
        .feeder("f-1", feederKw)
        .site("a", "f-1", x -> x.demand(3, 3, 3.5, 4, 4.5, 4.5, 4, 3.5))
        .site("b", "f-1", x -> x.demand(2).pv(1).battery(6, 3, 0.81, 3))
        .site("c", "f-1", x -> x.demand(1.5).battery(4, 2, 0.9, 2));
  }

  @Test
  void aFlexibleLoadRunsInTheCheapestPartOfItsWindow() {
    // 2 kWh within 12:00-13:00 at up to 4 kW; the second half hour is cheaper: 4 kW there only.
    Scenario s =
        Scenario.at("2026-06-21T12:00:00Z", 4)
            .importPrices(0.30, 0.30, 0.10, 0.10)
            .feeder("f-1", 100)
            .site("s-ev", "f-1", x -> x.demand(0.5).flex(4, 2, "12:00", "13:00"));
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);

    assertThat(plan.flexKw[0]).containsExactly(new double[] {0, 0, 4, 4}, within(KW));
    assertThat(plan.flexUnservedKwh[0][0]).isCloseTo(0, within(KW));
    assertThat(Explainer.sites(p, plan).get(0).sentence())
        .isEqualTo(
            "flexible load at 0.0 kW of 4.0 kW, deferred: cheaper later in its window (now"
                + " 0.30/kWh, from 0.10/kWh); it gets its energy by 13:00");
  }

  @Test
  void theTransformerLimitHoldsAcrossFeeders() {
    // Two feeders each draw 5 kW and are fine alone; the transformer takes 8. The batteries on both
    // feeders share the 2 kW (either split is optimal at equal cost).
    Scenario s =
        Scenario.at("2026-06-21T18:00:00Z", 4)
            .prices(0.25, 0.08)
            .transformer(8)
            .feeder("f-1", 10)
            .feeder("f-2", 10)
            .site("a", "f-1", x -> x.demand(5).battery(10, 5, 0.81, 8))
            .site("b", "f-2", x -> x.demand(5).battery(10, 5, 0.81, 8));
    DispatchProblem p = s.problem();

    Plan plan = optimiser.plan(p);

    assertThat(plan.stats().transformerRounds()).isPositive();
    for (int t = 0; t < 4; t++) {
      assertThat(plan.transformerFlowKw(p, t)).isCloseTo(8.0, within(KW));
      assertThat(plan.dischargeKw[0][t] + plan.dischargeKw[1][t]).isCloseTo(2.0, within(KW));
    }
    assertThat(PlanChecker.check(p, plan).keepsEveryLimit()).isTrue();
  }

  @Test
  void decompositionFindsTheSameOptimumAsOneBigLp() {
    DispatchSettings settings = DispatchSettings.defaults().withHorizon(24).withThreads(2);
    DispatchProblem p = org.gridweave.controller.bench.SyntheticGrid.build(300, settings, 7);

    Plan split = optimiser.plan(p);
    Plan whole = new LpDispatcher(true).plan(p);

    assertThat(split.stats().coupledFeeders()).isBetween(1, 2);
    double a = PlanChecker.cost(p, split);
    double b = PlanChecker.cost(p, whole);
    assertThat(a).isCloseTo(b, within(1e-6 * Math.abs(b) + 1e-6));
    assertThat(PlanChecker.check(p, split).maxSolverViolation()).isLessThan(1e-6);
  }

  @Test
  void theOptimiserBeatsTheRulesOnTheSameInputs() {
    DispatchSettings settings = DispatchSettings.defaults().withHorizon(96).withThreads(1);
    DispatchProblem p = org.gridweave.controller.bench.SyntheticGrid.build(100, settings, 3);

    double optimal = PlanChecker.cost(p, optimiser.plan(p));
    double rules = PlanChecker.cost(p, new RuleBasedDispatcher().plan(p));

    assertThat(optimal).isLessThan(rules);
  }

  private static Binding binding(List<Binding> all, String constraint) {
    return all.stream().filter(b -> b.constraint().equals(constraint)).findFirst().orElseThrow();
  }
}

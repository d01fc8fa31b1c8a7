package org.gridweave.controller.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class RuleBasedDispatcherTest {
  private final RuleBasedDispatcher rules = new RuleBasedDispatcher();

  @Test
  void batteriesHoldWhenNoLimitIsAtStake() {
    Scenario s =
        Scenario.at("2026-06-21T12:00:00Z", 4)
            .feeder("f-1", 100)
            .site("a", "f-1", x -> x.demand(1).pv(4).battery(10, 5, 0.81, 5));
    Plan plan = rules.plan(s.problem());
    for (int t = 0; t < 4; t++) {
      assertThat(plan.chargeKw[0][t]).isZero();
      assertThat(plan.dischargeKw[0][t]).isZero();
      assertThat(plan.exportKw[0][t]).isCloseTo(3.0, within(1e-9));
    }
  }

  @Test
  void aSurplusAboveTheExportLimitGoesToTheBatteryThenIsCurtailed() {
    // 9 kW surplus, 5 kW export limit, battery takes at most 3 kW: 3 charged, 1 curtailed
    Scenario s =
        Scenario.at("2026-06-21T12:00:00Z", 1)
            .feeder("f-1", 100)
            .site("a", "f-1", x -> x.demand(1).pv(10).limits(20, 5).battery(10, 3, 0.81, 2));
    Plan plan = rules.plan(s.problem());
    assertThat(plan.chargeKw[0][0]).isCloseTo(3.0, within(1e-9));
    assertThat(plan.curtailKw[0][0]).isCloseTo(1.0, within(1e-9));
    assertThat(plan.exportKw[0][0]).isCloseTo(5.0, within(1e-9));
  }

  @Test
  void aFeederAtItsImportLimitDischargesBatteriesThenDefersFlexibleLoad() {
    // 3 + 3 kW demand + 4 kW EV = 10 kW on a 5 kW feeder; the battery gives its 2 kW, the EV
    // yields the other 3 kW (its window is long, nothing must run yet) and runs at 1 kW
    Scenario s =
        Scenario.at("2026-06-21T18:00:00Z", 1)
            .feeder("f-1", 5)
            .site("a", "f-1", x -> x.demand(3).battery(10, 2, 0.81, 8))
            .site("b", "f-1", x -> x.demand(3).flex(4, 4, "18:00", "23:00"));
    DispatchProblem p = s.problem();
    Plan plan = rules.plan(p);
    assertThat(plan.dischargeKw[0][0]).isCloseTo(2.0, within(1e-9));
    assertThat(plan.flexKw[1][0]).isCloseTo(1.0, within(1e-9));
    assertThat(plan.feederFlowKw(p, 0, 0)).isCloseTo(5.0, within(1e-9));
  }
}

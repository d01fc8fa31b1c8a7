package org.gridweave.controller.dispatch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.gridweave.controller.bench.SyntheticGrid;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.time.Interval;
import org.junit.jupiter.api.Test;

/** The cycle around the optimiser: fresh inputs, stale inputs, failures, budgets. */
class DispatchCycleTest {

  /** Forecasts issued at a given instant, straight from a scenario. */
  static final class FakeForecasts implements ForecastSource {
    final Map<SiteId, SiteForecast> forecasts;
    Instant issuedAt;

    FakeForecasts(Map<SiteId, SiteForecast> forecasts, Instant issuedAt) {
      this.forecasts = forecasts;
      this.issuedAt = issuedAt;
    }

    @Override
    public Optional<Issued> site(SiteId site, Instant from, int steps) {
      return Optional.ofNullable(forecasts.get(site)).map(f -> new Issued(issuedAt, f));
    }
  }

  static final class FakeStates implements SiteStates {
    final Map<SiteId, SiteState> states = new HashMap<>();
    final Map<SiteId, Measured> measured = new HashMap<>();

    FakeStates with(String site, SiteState state, Measured last) {
      states.put(SiteId.of(site), state);
      measured.put(SiteId.of(site), last);
      return this;
    }

    @Override
    public SiteState state(SiteId site) {
      return states.getOrDefault(site, SiteState.EMPTY);
    }

    @Override
    public Optional<Measured> lastMeasured(SiteId site) {
      return Optional.ofNullable(measured.get(site));
    }
  }

  private static final Instant NOW = Instant.parse("2026-06-21T12:00:00Z");
  private static final Interval INTERVAL = Interval.containing(NOW, Duration.ofMinutes(15));

  private static Scenario surplusOnANarrowFeeder() {
    return Scenario.at("2026-06-21T12:00:00Z", 4)
        .feeder("f-1", 6)
        .site("a", "f-1", x -> x.demand(1).pv(6))
        .site("b", "f-1", x -> x.demand(1).pv(6));
  }

  private static DispatchCycle cycle(
      Scenario s, ForecastSource forecasts, SiteStates states, DispatchSettings settings) {
    GridModel grid = s.grid();
    return new DispatchCycle(
        () -> grid,
        s::tariff,
        forecasts,
        states,
        settings,
        Duration.ofMinutes(60),
        Clock.fixed(NOW, ZoneOffset.UTC),
        MarketCommitments.Source.NONE);
  }

  @Test
  void freshForecastsGiveAnOptimalExplainedDecision() {
    Scenario s = surplusOnANarrowFeeder();
    try (DispatchCycle c =
        cycle(
            s,
            new FakeForecasts(s.forecasts(), NOW.minusSeconds(600)),
            new FakeStates(),
            s.settings())) {
      Decision d = c.decide(INTERVAL);

      assertThat(d.mode()).isEqualTo(Decision.Mode.OPTIMAL);
      assertThat(d.limitExcessKw()).isZero();
      assertThat(d.sites()).hasSize(2);
      assertThat(d.sites().get(0).curtailKw() + d.sites().get(1).curtailKw())
          .isCloseTo(4.0, within(1e-6));
      assertThat(d.bindings())
          .anySatisfy(b -> assertThat(b.constraint()).isEqualTo("feeder_reverse_limit"));
    }
  }

  @Test
  void staleForecastsHandOverToTheRulesWhichStillKeepTheFeederLimit() {
    Scenario s = surplusOnANarrowFeeder();
    FakeStates states =
        new FakeStates()
            .with("a", SiteState.EMPTY, new SiteStates.Measured(1, 6, 0))
            .with("b", SiteState.EMPTY, new SiteStates.Measured(1, 6, 0));
    FakeForecasts old = new FakeForecasts(s.forecasts(), NOW.minus(Duration.ofHours(5)));
    try (DispatchCycle c = cycle(s, old, states, s.settings())) {
      Decision d = c.decide(INTERVAL);

      assertThat(d.mode()).isEqualTo(Decision.Mode.FALLBACK);
      assertThat(d.reason())
          .startsWith(
              "forecasts missing or older than 60 min for 2 of 2 sites (a (issued 300 min ago)");
      // the rules curtail pro rata: 2 kW each brings 10 kW of surplus down to the feeder's 6
      assertThat(d.sites().get(0).curtailKw()).isCloseTo(2.0, within(1e-6));
      assertThat(d.sites().get(1).curtailKw()).isCloseTo(2.0, within(1e-6));
      assertThat(d.limitExcessKw()).isZero();
    }
  }

  @Test
  void oneSiteWithoutAForecastIsPlannedOnItsMeasurementsAndTheRestIsOptimised() {
    Scenario s = surplusOnANarrowFeeder();
    java.util.Map<SiteId, SiteForecast> onlyA = new HashMap<>(s.forecasts());
    onlyA.remove(SiteId.of("b"));
    FakeStates states =
        new FakeStates().with("b", SiteState.EMPTY, new SiteStates.Measured(1, 6, 0));
    try (DispatchCycle c = cycle(s, new FakeForecasts(onlyA, NOW), states, s.settings())) {
      Decision d = c.decide(INTERVAL);

      assertThat(d.mode()).isEqualTo(Decision.Mode.OPTIMAL);
      assertThat(d.reason())
          .endsWith(
              "forecasts missing or older than 60 min for 1 of 2 sites (b (none)): those sites are planned on"
                  + " their latest measurements");
      assertThat(d.sites().get(0).curtailKw() + d.sites().get(1).curtailKw())
          .isCloseTo(4.0, within(1e-6));
    }
  }

  @Test
  void flexibleEnergyThatCannotBeServedIsReportedButIsNotALimitBroken() {
    // an EV needs 2 kWh between 12:00 and 12:30 at up to 4 kW, but its connection imports 2 kW
    // and the house takes 0.5 of them: 1.5 kW for half an hour = 0.75 kWh, 1.25 kWh short
    Scenario s =
        Scenario.at("2026-06-21T12:00:00Z", 4)
            .feeder("f-1", 100)
            .site("ev", "f-1", x -> x.demand(0.5).limits(2, 5).flex(4, 2, "12:00", "12:30"));
    try (DispatchCycle c =
        cycle(s, new FakeForecasts(s.forecasts(), NOW), new FakeStates(), s.settings())) {
      Decision d = c.decide(INTERVAL);

      assertThat(d.mode()).isEqualTo(Decision.Mode.OPTIMAL);
      assertThat(d.limitExcessKw()).isZero();
      assertThat(d.reason())
          .endsWith("; 1.25 kWh of flexible load cannot be served within its windows");
    }
  }

  @Test
  void limitsNoPlanCanKeepGiveADegradedDecisionThatSaysWhich() {
    // 5 kW of demand nobody can move on a 2 kW feeder
    Scenario s =
        Scenario.at("2026-06-21T12:00:00Z", 4).feeder("f-1", 2).site("a", "f-1", x -> x.demand(5));
    try (DispatchCycle c =
        cycle(s, new FakeForecasts(s.forecasts(), NOW), new FakeStates(), s.settings())) {
      Decision d = c.decide(INTERVAL);

      assertThat(d.mode()).isEqualTo(Decision.Mode.DEGRADED);
      assertThat(d.reason())
          .isEqualTo("no plan can keep every limit: feeder_import_limit f-1 by up to 3.00");
      assertThat(d.limitExcessKw()).isCloseTo(3.0, within(1e-6));
    }
  }

  @Test
  void anOptimiserOverItsTimeBudgetHandsOverToTheRules() {
    DispatchSettings settings =
        DispatchSettings.defaults().withThreads(1).withSolverTimeLimit(Duration.ofMillis(1));
    DispatchProblem big = SyntheticGrid.build(2000, settings, 1);
    Map<SiteId, SiteForecast> fc = new HashMap<>();
    for (var s : big.sites()) {
      fc.put(s.site.id(), SiteForecast.median(s.demand, s.pv, s.wind));
    }
    try (DispatchCycle c =
        new DispatchCycle(
            big::grid,
            SyntheticGrid::tariff,
            new FakeForecasts(fc, SyntheticGrid.START),
            new FakeStates(),
            settings,
            Duration.ofHours(1),
            Clock.fixed(SyntheticGrid.START, ZoneOffset.UTC),
            MarketCommitments.Source.NONE)) {
      Decision d = c.decide(Interval.containing(SyntheticGrid.START, Duration.ofMinutes(15)));

      assertThat(d.mode()).isEqualTo(Decision.Mode.FALLBACK);
      assertThat(d.reason()).startsWith("the optimiser did not finish within its 1 ms budget");
      assertThat(d.sites()).hasSize(2000);
    }
  }

  @Test
  void aBrokenInputNeverEscapesTheCycle() {
    Scenario s = surplusOnANarrowFeeder();
    DispatchCycle c =
        new DispatchCycle(
            () -> {
              throw new IllegalStateException("grid store down");
            },
            s::tariff,
            new FakeForecasts(s.forecasts(), NOW),
            new FakeStates(),
            s.settings(),
            Duration.ofMinutes(60),
            Clock.fixed(NOW, ZoneOffset.UTC),
            MarketCommitments.Source.NONE);

    Decision d = c.decide(INTERVAL);

    assertThat(d.mode()).isEqualTo(Decision.Mode.FALLBACK);
    assertThat(d.reason()).contains("grid store down").endsWith("no setpoints changed");
    c.close();
  }
}

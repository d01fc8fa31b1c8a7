package org.gridweave.controller.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gridweave.controller.market.MarketRules.Mechanism;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.junit.jupiter.api.Test;

/**
 * The default agents' loop against a real market on a settable clock. The 12:00 interval's gate
 * closes at 11:55; agents open an hour before (10:55) and move every 5 minutes (12 steps); import
 * 0.30, export 0.08, so an offer falls by 0.22 / 12 per step from 0.30.
 */
class AgentDeskTest {
  private static final Instant INTERVAL = Instant.parse("2026-06-21T12:00:00Z");
  private static final Instant OPENS = Instant.parse("2026-06-21T10:55:00Z");
  private static final SiteId SUN = SiteId.of("s-sun");
  private static final SiteId HOME = SiteId.of("s-home");

  private final MarketTest.Now clock = new MarketTest.Now(OPENS);
  private final Market market =
      new Market(
          MarketRules.defaults(Mechanism.PAY_AS_CLEAR),
          Duration.ofMinutes(15),
          meter ->
              Optional.of(
                  new Participants.Participant(
                      meter,
                      SiteId.of("s-" + meter.value().substring(2)),
                      FeederId.of("f-1"),
                      meter.value().equals("m-sun"),
                      false)),
          clock);
  private final AgentDesk desk =
      new AgentDesk(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofMinutes(5));

  /** Forecasts for the 12:00 interval only; settings per site (defaults otherwise). */
  private final Map<SiteId, Long> netWh = new HashMap<>(Map.of(SUN, 1200L, HOME, -800L));

  private final Map<SiteId, AgentSettings> settings = new HashMap<>();

  private final AgentDesk.Inputs inputs =
      inputs(
          List.of(
              new AgentDesk.Member(SUN, MeterId.of("m-sun")),
              new AgentDesk.Member(HOME, MeterId.of("m-home"))),
          netWh,
          settings);

  /**
   * The given members, forecasts for the 12:00 interval only, settings per site (defaults
   * otherwise), import 0.30 and export 0.08.
   */
  private static AgentDesk.Inputs inputs(
      List<AgentDesk.Member> members,
      Map<SiteId, Long> netWh,
      Map<SiteId, AgentSettings> settings) {
    return new AgentDesk.Inputs() {
      @Override
      public List<AgentDesk.Member> members() {
        return members;
      }

      @Override
      public Optional<Long> forecastNetWh(AgentDesk.Member m, Instant interval) {
        return interval.equals(INTERVAL)
            ? Optional.ofNullable(netWh.get(m.site()))
            : Optional.empty();
      }

      @Override
      public long importPriceMicros(Instant interval) {
        return 300_000;
      }

      @Override
      public long exportPriceMicros(Instant interval) {
        return 80_000;
      }

      @Override
      public AgentSettings settings(SiteId site) {
        return settings.getOrDefault(site, AgentSettings.DEFAULT);
      }
    };
  }

  private final AgentDesk.Orders book = market;

  private AgentDesk.Run runAt(String time) {
    clock.now = Instant.parse("2026-06-21T" + time + "Z");
    return desk.run(book, inputs, clock.now);
  }

  private Order openOf(SiteId site) {
    List<Order> mine = market.open(INTERVAL).stream().filter(o -> o.site().equals(site)).toList();
    assertThat(mine).hasSize(1);
    return mine.get(0);
  }

  @Test
  void agentsQuoteTheForecastAndMoveTheirPriceUntilTheGateCloses() {
    assertThat(runAt("10:55:00")).isEqualTo(new AgentDesk.Run(2, 0, 0, 0));
    Order offer = openOf(SUN);
    assertThat(offer.bid()).isFalse();
    assertThat(offer.energyWh()).isEqualTo(1200);
    assertThat(offer.limitPriceMicros()).isEqualTo(300_000);
    assertThat(openOf(HOME).bid()).isTrue();
    assertThat(openOf(HOME).limitPriceMicros()).isEqualTo(80_000);

    // nothing moves within a step
    assertThat(runAt("10:57:00")).isEqualTo(new AgentDesk.Run(0, 0, 0, 0));
    // half an hour on (6 of 12 steps): each order replaced, never two at once
    assertThat(runAt("11:25:00")).isEqualTo(new AgentDesk.Run(0, 2, 0, 0));
    assertThat(openOf(SUN).limitPriceMicros()).isEqualTo(300_000 - 6 * 220_000 / 12);
    assertThat(openOf(HOME).limitPriceMicros()).isEqualTo(80_000 + 6 * 220_000 / 12);
    assertThat(openOf(SUN).id()).isNotEqualTo(offer.id());

    // after the gate: the book is left alone
    assertThat(runAt("11:55:00")).isEqualTo(new AgentDesk.Run(0, 0, 0, 0));
  }

  @Test
  void aProsumerTradingOnItsOwnMakesItsAgentStepAside() {
    runAt("10:55:00");
    market.submit(
        new Market.Request(
            "own-1", MeterId.of("m-home"), true, INTERVAL, 500, 250_000, false, false));

    AgentDesk.Run run = runAt("11:00:00");

    assertThat(run.withdrawn()).isEqualTo(1);
    assertThat(openOf(HOME).id()).isEqualTo("own-1");
  }

  @Test
  void perSiteSettingsShapeTheQuotes() {
    settings.put(
        SUN,
        new AgentSettings(true, 0.5, OptionalLong.of(200_000), OptionalLong.empty(), true, false));
    settings.put(
        HOME,
        new AgentSettings(true, 1.0, OptionalLong.empty(), OptionalLong.of(150_000), false, true));

    runAt("11:54:00"); // the last step: unbounded, the offer would be at 0.08 + 0.22/12, the bid at
    // 0.30 − 0.22/12

    Order offer = openOf(SUN);
    assertThat(offer.energyWh()).isEqualTo(600); // half the forecast surplus
    assertThat(offer.limitPriceMicros()).isEqualTo(200_000); // held at the site's floor
    assertThat(offer.localOnly()).isTrue();
    Order bid = openOf(HOME);
    assertThat(bid.limitPriceMicros()).isEqualTo(150_000); // held at the site's cap
    assertThat(bid.renewableOnly()).isTrue();
  }

  @Test
  void anAgentWithdrawsWhenTurnedOffOrWhenThereIsNothingLeftToTrade() {
    runAt("10:55:00");
    settings.put(HOME, AgentSettings.OFF);
    netWh.put(SUN, 0L);

    assertThat(runAt("11:00:00")).isEqualTo(new AgentDesk.Run(0, 0, 2, 0));
    assertThat(market.open(INTERVAL)).isEmpty();
  }

  @Test
  void withoutAForecastNothingIsQuoted() {
    netWh.clear();

    assertThat(runAt("10:55:00")).isEqualTo(new AgentDesk.Run(0, 0, 0, 0));
    assertThat(market.open(INTERVAL)).isEmpty();
  }

  @Test
  void anOrderPlacedBeforeARestartIsMovedNotDuplicated() {
    runAt("10:55:00");
    Order before = openOf(SUN);
    AgentDesk restarted =
        new AgentDesk(Duration.ofMinutes(15), Duration.ofHours(1), Duration.ofMinutes(5));
    restarted.adopt(SUN, INTERVAL, before.id());
    restarted.adopt(HOME, INTERVAL, openOf(HOME).id());
    clock.now = Instant.parse("2026-06-21T11:25:00Z");

    AgentDesk.Run run = restarted.run(book, inputs, clock.now);

    assertThat(run).isEqualTo(new AgentDesk.Run(0, 2, 0, 0));
    assertThat(openOf(SUN).limitPriceMicros()).isLessThan(before.limitPriceMicros());
  }

  @Test
  void aFloorOrCapBeyondTheMarketsPricesPlacesNoOrder() {
    runAt("10:55:00");
    // the market accepts −1..2 per kWh: an offer floored at 2.5 or a bid capped at −1.5 cannot be
    // placed without breaking the site's own limit
    settings.put(
        SUN,
        new AgentSettings(
            true, 1.0, OptionalLong.of(2_500_000), OptionalLong.empty(), false, false));
    settings.put(
        HOME,
        new AgentSettings(
            true, 1.0, OptionalLong.empty(), OptionalLong.of(-1_500_000), false, false));

    assertThat(runAt("11:00:00")).isEqualTo(new AgentDesk.Run(0, 0, 2, 0));
    assertThat(market.open(INTERVAL)).isEmpty();
  }

  @Test
  void siteIdsOfAnyLengthGetValidOrderIds() {
    SiteId longest = SiteId.of("s-" + "s".repeat(62)); // 64 characters
    AgentDesk.Inputs one =
        inputs(
            List.of(new AgentDesk.Member(longest, MeterId.of("m-" + "s".repeat(62)))),
            Map.of(longest, -400L),
            Map.of());
    clock.now = OPENS;

    for (int run = 0; run < 3; run++) {
      clock.now = clock.now.plus(Duration.ofMinutes(5));
      assertThat(desk.run(market, one, clock.now).rejected()).isZero();
    }
    assertThat(market.open(INTERVAL))
        .singleElement()
        .satisfies(o -> {
          assertThat(o.site()).isEqualTo(longest);
          assertThat(o.id().length()).isLessThanOrEqualTo(64);
        });
  }

  @Test
  void agentsNeedAWindowToQuoteIn() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> new AgentDesk(Duration.ofMinutes(15), Duration.ZERO, Duration.ofMinutes(5)))
        .hasMessageContaining("opens-before must be positive");
  }
}

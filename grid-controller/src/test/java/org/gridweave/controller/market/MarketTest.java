package org.gridweave.controller.market;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.controller.market.MarketRules.Mechanism;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.junit.jupiter.api.Test;

/** Order intake, gate closure, closing a book, trade ids and the delivery check. */
class MarketTest {
  private static final Instant INTERVAL = Instant.parse("2026-06-21T12:00:00Z");
  private static final Instant BEFORE_GATE = INTERVAL.minus(Duration.ofMinutes(10));

  /** A settable clock for the scenario. */
  static final class Now extends Clock {
    Instant now;

    Now(Instant now) {
      this.now = now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private static final Participants PARTICIPANTS =
      meter ->
          switch (meter.value()) {
            case "m-sun" ->
                Optional.of(
                    new Participants.Participant(
                        meter, SiteId.of("s-sun"), FeederId.of("f-1"), true, false));
            case "m-home" ->
                Optional.of(
                    new Participants.Participant(
                        meter, SiteId.of("s-home"), FeederId.of("f-1"), false, false));
            case "m-old" ->
                Optional.of(
                    new Participants.Participant(
                        meter, SiteId.of("s-old"), FeederId.of("f-1"), false, true));
            default -> Optional.empty();
          };

  private final Now clock = new Now(BEFORE_GATE);
  private final Market market =
      new Market(
          MarketRules.defaults(Mechanism.PAY_AS_CLEAR),
          Duration.ofMinutes(15),
          PARTICIPANTS,
          clock);

  private static Market.Request request(
      String id, String meter, boolean bid, long wh, double price) {
    return new Market.Request(
        id, MeterId.of(meter), bid, INTERVAL, wh, Order.micros(price), false, false);
  }

  @Test
  void refusesBadOrdersWithTheirReason() {
    market.submit(request("o-1", "m-sun", false, 1000, 0.10));

    assertReason(
        () -> market.submit(request("o-1", "m-home", true, 1000, 0.20)),
        OrderReason.DUPLICATE_ORDER_ID);
    assertReason(
        () -> market.submit(request("o-2", "m-home", true, 0, 0.20)),
        OrderReason.NON_POSITIVE_ENERGY);
    assertReason(
        () -> market.submit(request("o-3", "m-home", true, -5, 0.20)),
        OrderReason.NON_POSITIVE_ENERGY);
    assertReason(
        () -> market.submit(request("o-4", "m-home", true, 1000, 7.0)),
        OrderReason.PRICE_OUT_OF_BOUNDS);
    assertReason(
        () -> market.submit(request("o-5", "m-nobody", true, 1000, 0.2)),
        OrderReason.UNKNOWN_METER);
    assertReason(
        () -> market.submit(request("o-6", "m-old", true, 1000, 0.2)), OrderReason.REVOKED_METER);
    clock.now = INTERVAL.minus(Duration.ofMinutes(5));
    assertReason(
        () -> market.submit(request("o-7", "m-home", true, 1000, 0.2)),
        OrderReason.AFTER_GATE_CLOSURE);
    assertThat(market.open(INTERVAL)).extracting(Order::id).containsExactly("o-1");
  }

  @Test
  void ordersStoredThroughAnotherControllerJoinTheBookAndOnesCancelledThereLeave() {
    Order mine = market.submit(request("o-1", "m-sun", false, 1000, 0.10));
    Market elsewhere =
        new Market(
            MarketRules.defaults(Mechanism.PAY_AS_CLEAR),
            Duration.ofMinutes(15),
            PARTICIPANTS,
            clock);
    Order theirs = elsewhere.submit(request("o-2", "m-home", true, 500, 0.20));

    // the store holds o-2 (taken by the other controller) as open; o-1 was cancelled there
    market.reconcile(Optional.of(INTERVAL), List.of(theirs));

    assertThat(market.open(INTERVAL)).containsExactly(theirs);
    assertThat(market.open(INTERVAL).getFirst().submittedAt()).isEqualTo(theirs.submittedAt());
    assertReason(
        () -> market.submit(request("o-3", "m-home", false, 1000, 0.10)), OrderReason.BOTH_SIDES);
    assertReason(
        () -> market.submit(request("o-1", "m-sun", false, 1000, 0.10)),
        OrderReason.DUPLICATE_ORDER_ID);
    market.submit(request("o-4", "m-sun", false, 1000, 0.10));
    assertThat(market.open(INTERVAL)).extracting(Order::id).containsExactly("o-2", "o-4");
    assertThat(mine.id()).isEqualTo("o-1");
  }

  @Test
  void ordersCanBeCancelledByTheirOwnMeterUntilGateClosure() {
    market.submit(request("o-1", "m-sun", false, 1000, 0.10));
    market.submit(request("o-2", "m-sun", false, 1000, 0.10));

    assertReason(() -> market.cancel("o-1", MeterId.of("m-home")), OrderReason.UNKNOWN_ORDER);
    assertThat(market.cancel("o-1", MeterId.of("m-sun")).id()).isEqualTo("o-1");
    assertReason(
        () -> market.submit(request("o-1", "m-sun", false, 1000, 0.10)),
        OrderReason.DUPLICATE_ORDER_ID);
    clock.now = INTERVAL.minus(Duration.ofMinutes(1));
    assertReason(() -> market.cancel("o-2", MeterId.of("m-sun")), OrderReason.AFTER_GATE_CLOSURE);
  }

  @Test
  void aSiteTradesOneSidePerInterval() {
    market.submit(request("o-1", "m-sun", false, 1000, 0.10));
    market.submit(request("o-2", "m-sun", false, 500, 0.12));

    assertReason(
        () -> market.submit(request("b-1", "m-sun", true, 300, 0.30)), OrderReason.BOTH_SIDES);
    // with its offers withdrawn, the site may bid
    market.cancel("o-1", MeterId.of("m-sun"));
    assertReason(
        () -> market.submit(request("b-2", "m-sun", true, 300, 0.30)), OrderReason.BOTH_SIDES);
    market.cancel("o-2", MeterId.of("m-sun"));
    assertThat(market.submit(request("b-3", "m-sun", true, 300, 0.30)).bid()).isTrue();
  }

  @Test
  void aClosedBookClearsIntoTradesWithStableIds() {
    market.submit(request("sell", "m-sun", false, 2000, 0.10));
    market.submit(request("buy", "m-home", true, 3000, 0.30));
    assertThatThrownBy(() -> market.close(INTERVAL, List.of(FeederId.of("f-1"))))
        .isInstanceOf(IllegalStateException.class);
    clock.now = INTERVAL.minus(Duration.ofMinutes(5));

    Market.Closed closed = market.close(INTERVAL, List.of(FeederId.of("f-1")));
    List<Trade> trades =
        Trade.of(closed, Clearing.clear(closed.book(), market.rules(), null, null));

    assertThat(trades).hasSize(1);
    Trade t = trades.get(0);
    assertThat(t.wh()).isEqualTo(2000);
    assertThat(t.sellerPriceMicros()).isEqualTo(200_000); // (0.30 + 0.10) / 2
    assertThat(t.buyerPaysMicros()).isEqualTo(400_000); // 2 kWh × 0.20
    assertThat(t.id()).isEqualTo(Trade.id(INTERVAL, "buy", "sell")).hasSize(32);
    assertThat(market.open(INTERVAL)).isEmpty();
  }

  @Test
  void aBookWithoutTradesSaysWhy() {
    market.submit(request("buy", "m-home", true, 3000, 0.30));
    market.submit(request("buy-2", "m-home", true, 1000, 0.20));
    clock.now = INTERVAL.minus(Duration.ofMinutes(5));
    Market.Closed onlyBids = market.close(INTERVAL, List.of(FeederId.of("f-1")));
    ClearingResult none = Clearing.clear(onlyBids.book(), market.rules(), null, null);

    assertThat(
            ClearingExplanation.of(
                onlyBids,
                none,
                Clearing.networkCut(onlyBids.book(), market.rules(), none),
                null,
                null))
        .isEqualTo("2 bids and 0 offers; no trade: there is no offer to match");

    Instant next = INTERVAL.plus(Duration.ofMinutes(15));
    clock.now = BEFORE_GATE;
    market.submit(
        new Market.Request(
            "high", MeterId.of("m-sun"), false, next, 1000, Order.micros(0.40), false, false));
    market.submit(
        new Market.Request(
            "low", MeterId.of("m-home"), true, next, 1000, Order.micros(0.20), false, false));
    clock.now = next.minus(Duration.ofMinutes(5));
    Market.Closed apart = market.close(next, List.of(FeederId.of("f-1")));
    ClearingResult noCross = Clearing.clear(apart.book(), market.rules(), null, null);

    assertThat(
            ClearingExplanation.of(
                apart,
                noCross,
                Clearing.networkCut(apart.book(), market.rules(), noCross),
                null,
                null))
        .isEqualTo("1 bids and 1 offers; no trade: the highest bid is below the lowest offer");
  }

  private static Trade trade(String id, String buyer, String seller, long wh) {
    return new Trade(
        id,
        INTERVAL,
        "b-" + id,
        "o-" + id,
        SiteId.of(buyer),
        SiteId.of(seller),
        wh,
        200_000,
        0,
        0,
        0);
  }

  @Test
  void eachTradeGetsItsMeteredShareInProportion() {
    // s-sun sold 2,000 Wh to s-home and 500 Wh to s-far and exported 1,500: 60 % of each.
    // s-home bought 2,000 and imported 3,000: all taken; s-far has no readings yet.
    List<Trade> trades =
        List.of(trade("t-1", "s-home", "s-sun", 2000), trade("t-2", "s-far", "s-sun", 500));
    Map<SiteId, DeliveryCheck.Metered> metered =
        Map.of(
            SiteId.of("s-sun"), new DeliveryCheck.Metered(0, 1500),
            SiteId.of("s-home"), new DeliveryCheck.Metered(3000, 0));

    assertThat(DeliveryCheck.perTrade(trades, metered))
        .containsExactly(
            new DeliveryCheck.TradeDelivery("t-1", 1200L, 2000L),
            new DeliveryCheck.TradeDelivery("t-2", 300L, null));
  }

  @Test
  void sharesAreWholeWattHoursThatAddUpToWhatWasMetered() {
    // three equal trades, 2 Wh exported: one Wh each to the first two (ties go to the earlier)
    List<Trade> trades =
        List.of(
            trade("t-1", "s-a", "s-sun", 1),
            trade("t-2", "s-b", "s-sun", 1),
            trade("t-3", "s-c", "s-sun", 1));

    List<DeliveryCheck.TradeDelivery> shares =
        DeliveryCheck.perTrade(trades, Map.of(SiteId.of("s-sun"), new DeliveryCheck.Metered(0, 2)));

    assertThat(shares.stream().map(DeliveryCheck.TradeDelivery::deliveredWh))
        .containsExactly(1L, 1L, 0L);
    // 7 Wh over 3 + 3 + 1 Wh sold, 5 exported: exact shares 2.14, 2.14, 0.71 → 2, 2, 1
    List<Trade> uneven =
        List.of(
            trade("u-1", "s-a", "s-sun", 3),
            trade("u-2", "s-b", "s-sun", 3),
            trade("u-3", "s-c", "s-sun", 1));
    assertThat(
            DeliveryCheck.perTrade(
                    uneven, Map.of(SiteId.of("s-sun"), new DeliveryCheck.Metered(0, 5)))
                .stream()
                .map(DeliveryCheck.TradeDelivery::deliveredWh))
        .containsExactly(2L, 2L, 1L);
  }

  @Test
  void theDeliveryCheckSettlesShortfallsAndSurplusesAgainstTheGridTariff() {
    // s-sun sold 3 kWh but exported 2: 1 kWh came from the grid (0.30 + 0.05 penalty).
    // s-home bought 3 kWh and imported 5: it took all 3.
    Trade t =
        new Trade(
            "t",
            INTERVAL,
            "b",
            "o",
            SiteId.of("s-home"),
            SiteId.of("s-sun"),
            3000,
            200_000,
            0,
            600_000,
            600_000);
    Map<SiteId, DeliveryCheck.Metered> metered =
        Map.of(
            SiteId.of("s-sun"), new DeliveryCheck.Metered(0, 2000),
            SiteId.of("s-home"), new DeliveryCheck.Metered(5000, 0));

    List<DeliveryCheck.Statement> s =
        DeliveryCheck.settle(INTERVAL, List.of(t), metered, 300_000, 80_000, 50_000);

    DeliveryCheck.Statement home = s.get(0);
    DeliveryCheck.Statement sun = s.get(1);
    assertThat(home.site().value()).isEqualTo("s-home");
    assertThat(home.takenWh()).isEqualTo(3000);
    assertThat(home.netMicros()).isEqualTo(-600_000);
    assertThat(sun.deliveredWh()).isEqualTo(2000);
    assertThat(sun.shortfallWh()).isEqualTo(1000);
    assertThat(sun.shortfallMicros()).isEqualTo(300_000);
    assertThat(sun.penaltyMicros()).isEqualTo(50_000);
    assertThat(sun.netMicros()).isEqualTo(600_000 - 300_000 - 50_000);
    // a buyer that took less than it bought is credited at the export price, minus the penalty
    DeliveryCheck.Statement light =
        DeliveryCheck.settle(
                INTERVAL,
                List.of(t),
                Map.of(SiteId.of("s-home"), new DeliveryCheck.Metered(1000, 0)),
                300_000,
                80_000,
                50_000)
            .get(0);
    assertThat(light.surplusWh()).isEqualTo(2000);
    assertThat(light.surplusCreditMicros()).isEqualTo(160_000);
    assertThat(light.penaltyMicros()).isEqualTo(100_000);
    // unmetered: no delivery settlement yet
    assertThat(
            DeliveryCheck.settle(INTERVAL, List.of(t), Map.of(), 300_000, 80_000, 50_000)
                .get(1)
                .metered())
        .isFalse();
  }

  private static void assertReason(Runnable r, OrderReason reason) {
    assertThatThrownBy(r::run)
        .isInstanceOfSatisfying(OrderRejected.class, e -> assertThat(e.reason()).isEqualTo(reason));
  }
}

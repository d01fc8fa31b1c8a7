package org.gridweave.controller.market;

import java.time.Duration;

/**
 * How a market clears.
 *
 * @param mechanism pay-as-clear (one uniform price) or pay-as-bid
 * @param crossingFeeMicros grid fee per kWh and feeder boundary crossed: a trade between two
 *     feeders leaves one and enters another, so it pays twice this; a trade within a feeder pays
 *     none
 * @param minPriceMicros lowest limit price accepted (per kWh, millionths)
 * @param maxPriceMicros highest limit price accepted
 * @param gateClosure orders for an interval are accepted until this long before it starts
 */
public record MarketRules(
    Mechanism mechanism,
    long crossingFeeMicros,
    long minPriceMicros,
    long maxPriceMicros,
    Duration gateClosure) {

  /** Pay-as-clear: all trades at the price where supply meets demand; pay-as-bid: at the bid. */
  public enum Mechanism {
    PAY_AS_CLEAR,
    PAY_AS_BID
  }

  /** Prices are bounded well inside the clearing's sort-key range (±100 per kWh at most). */
  public static final long PRICE_LIMIT_MICROS = 100_000_000L;

  public MarketRules {
    if (mechanism == null || gateClosure == null || gateClosure.isNegative()) {
      throw new IllegalArgumentException("mechanism and a non-negative gate closure are required");
    }
    if (crossingFeeMicros < 0 || crossingFeeMicros > PRICE_LIMIT_MICROS) {
      throw new IllegalArgumentException("the crossing fee must be within 0..100 per kWh");
    }
    if (minPriceMicros < -PRICE_LIMIT_MICROS
        || maxPriceMicros > PRICE_LIMIT_MICROS
        || minPriceMicros >= maxPriceMicros) {
      throw new IllegalArgumentException(
          "price bounds must satisfy -100 <= min < max <= 100 per kWh");
    }
  }

  public static MarketRules defaults(Mechanism mechanism) {
    return new MarketRules(
        mechanism, Order.micros(0.01), Order.micros(-1), Order.micros(2), Duration.ofMinutes(5));
  }

  public long feeMicros(int sellerFeeder, int buyerFeeder) {
    return sellerFeeder == buyerFeeder ? 0 : 2 * crossingFeeMicros;
  }
}

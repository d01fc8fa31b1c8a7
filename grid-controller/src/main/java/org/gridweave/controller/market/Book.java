package org.gridweave.controller.market;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToIntFunction;
import org.gridweave.core.id.SiteId;

/**
 * A closed order book for one interval, as arrays (the clearing reads millions of orders without
 * allocating per order). Index = acceptance order, which is also the time priority among equal
 * prices.
 */
public final class Book {
  /**
   * The most orders one book can hold (the clearing packs the index into 24 bits of a sort key).
   */
  public static final int MAX_ORDERS = (1 << 24) - 1;

  final int size;
  final boolean[] bid;
  final long[] wh;
  final long[] price;
  final int[] feeder;
  final boolean[] localOnly;
  final boolean[] renewableOnly;
  final boolean[] renewableSite;
  final int feeders;

  private Book(int capacity, int feeders) {
    if (capacity > MAX_ORDERS) {
      throw new IllegalArgumentException("a book holds at most " + MAX_ORDERS + " orders");
    }
    this.size = capacity;
    this.bid = new boolean[capacity];
    this.wh = new long[capacity];
    this.price = new long[capacity];
    this.feeder = new int[capacity];
    this.localOnly = new boolean[capacity];
    this.renewableOnly = new boolean[capacity];
    this.renewableSite = new boolean[capacity];
    this.feeders = feeders;
  }

  /**
   * @param orders accepted orders of one interval, in acceptance order
   * @param feederOf the index (0..feeders-1) of the feeder of a site
   * @param renewable whether a site has PV or wind (what renewable-only bids may buy from)
   */
  public static Book of(
      List<Order> orders,
      int feeders,
      ToIntFunction<SiteId> feederOf,
      Predicate<SiteId> renewable) {
    Book b = new Book(orders.size(), feeders);
    for (int i = 0; i < orders.size(); i++) {
      Order o = orders.get(i);
      b.set(
          i,
          o.bid(),
          o.energyWh(),
          o.limitPriceMicros(),
          feederOf.applyAsInt(o.site()),
          o.localOnly(),
          o.renewableOnly(),
          renewable.test(o.site()));
    }
    return b;
  }

  /** An empty book of {@code size} orders to fill with {@link #set} (benchmarks, simulations). */
  public static Book ofSize(int size, int feeders) {
    return new Book(size, feeders);
  }

  public void set(
      int i,
      boolean isBid,
      long energyWh,
      long priceMicros,
      int feederIndex,
      boolean local,
      boolean renewableOnlyBid,
      boolean renewableSeller) {
    if (energyWh <= 0) {
      throw new IllegalArgumentException("order " + i + ": energy must be positive");
    }
    if (Math.abs(priceMicros) > MarketRules.PRICE_LIMIT_MICROS) {
      throw new IllegalArgumentException("order " + i + ": price beyond ±100 per kWh");
    }
    if (feederIndex < 0 || feederIndex >= feeders) {
      throw new IllegalArgumentException(
          "order " + i + ": feeder index " + feederIndex + " out of range");
    }
    bid[i] = isBid;
    wh[i] = energyWh;
    price[i] = priceMicros;
    feeder[i] = feederIndex;
    localOnly[i] = local;
    renewableOnly[i] = isBid && renewableOnlyBid;
    renewableSite[i] = renewableSeller;
  }

  public int size() {
    return size;
  }

  public int feeders() {
    return feeders;
  }
}

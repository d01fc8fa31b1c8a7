package org.gridweave.controller.bench;

import java.util.SplittableRandom;
import org.gridweave.controller.market.Book;
import org.gridweave.controller.market.Order;

/**
 * A seeded random order book for the market benchmark: one feeder per 1,000 orders (2 to 200), half
 * bids and half offers, 0.1–10 kWh each, limit prices 0.05–0.45 per kWh (bids centred higher than
 * offers, so about half the volume crosses), 60 % of sellers renewable, 5 % local-only and 5 %
 * renewable-only bids, and each feeder's cross-feeder capacity a random 0.5–5 % of its orders'
 * volume, so capacities bind.
 */
public record MarketBook(Book book, long[] importCapWh, long[] exportCapWh) {

  public static MarketBook random(int orders, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int feeders = Math.max(2, Math.min(200, orders / 1000));
    Book b = Book.ofSize(orders, feeders);
    long[] volume = new long[feeders];
    for (int i = 0; i < orders; i++) {
      boolean bid = rnd.nextBoolean();
      long wh = 100 + rnd.nextInt(9_901);
      double price = bid ? 0.15 + 0.30 * rnd.nextDouble() : 0.05 + 0.30 * rnd.nextDouble();
      int f = rnd.nextInt(feeders);
      b.set(
          i,
          bid,
          wh,
          Order.micros(Math.round(price * 1000) / 1000.0),
          f,
          rnd.nextInt(20) == 0,
          bid && rnd.nextInt(20) == 0,
          rnd.nextInt(10) < 6);
      volume[f] += wh;
    }
    long[] imp = new long[feeders];
    long[] exp = new long[feeders];
    for (int f = 0; f < feeders; f++) {
      imp[f] = (long) (volume[f] * (0.005 + 0.045 * rnd.nextDouble()));
      exp[f] = (long) (volume[f] * (0.005 + 0.045 * rnd.nextDouble()));
    }
    return new MarketBook(b, imp, exp);
  }
}

package org.gridweave.controller.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.gridweave.controller.market.MarketRules.Mechanism;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Random books (seeded): what must hold for every clearing, under both mechanisms. */
class ClearingPropertiesTest {

  static java.util.stream.Stream<Object[]> cases() {
    java.util.stream.Stream.Builder<Object[]> out = java.util.stream.Stream.builder();
    for (long seed = 1; seed <= 40; seed++) {
      for (Mechanism m : Mechanism.values()) {
        out.add(new Object[] {seed, m});
      }
    }
    return out.build();
  }

  @ParameterizedTest(name = "seed {0}, {1}")
  @MethodSource("cases")
  void everyClearingBalancesAndKeepsEveryLimit(long seed, Mechanism mechanism) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int feeders = 1 + rnd.nextInt(5);
    int n = 1 + rnd.nextInt(300);
    Book b = Book.ofSize(n, feeders);
    for (int i = 0; i < n; i++) {
      boolean bid = rnd.nextBoolean();
      // few distinct prices, so ties are common
      b.set(
          i,
          bid,
          1 + rnd.nextInt(5000),
          Order.micros(0.05 + 0.01 * rnd.nextInt(30)),
          rnd.nextInt(feeders),
          rnd.nextInt(10) == 0,
          bid && rnd.nextInt(8) == 0,
          rnd.nextBoolean());
    }
    long[] imp = new long[feeders];
    long[] exp = new long[feeders];
    for (int f = 0; f < feeders; f++) {
      imp[f] = rnd.nextInt(20_000);
      exp[f] = rnd.nextInt(20_000);
    }
    MarketRules rules =
        new MarketRules(
            mechanism,
            Order.micros(0.005 * rnd.nextInt(4)),
            Order.micros(-1),
            Order.micros(2),
            java.time.Duration.ZERO);

    ClearingResult r = Clearing.clear(b, rules, imp, exp);

    long[] traded = new long[n];
    long[] crossOut = new long[feeders];
    long[] crossIn = new long[feeders];
    long paid = 0;
    long received = 0;
    long fees = 0;
    long total = 0;
    for (int t = 0; t < r.trades(); t++) {
      int i = r.bid()[t];
      int j = r.offer()[t];
      assertThat(b.bid[i]).isTrue();
      assertThat(b.bid[j]).isFalse();
      assertThat(r.wh()[t]).isPositive();
      traded[i] += r.wh()[t];
      traded[j] += r.wh()[t];
      total += r.wh()[t];
      // no trade beyond a limit: the buyer pays at most its bid, the seller gets at least its offer
      assertThat(r.sellerPriceMicros()[t] + r.feeMicros()[t]).isLessThanOrEqualTo(b.price[i]);
      assertThat(r.sellerPriceMicros()[t]).isGreaterThanOrEqualTo(b.price[j]);
      assertThat(r.feeMicros()[t]).isEqualTo(rules.feeMicros(b.feeder[j], b.feeder[i]));
      if (b.feeder[i] != b.feeder[j]) {
        assertThat(b.localOnly[i]).isFalse();
        crossOut[b.feeder[j]] += r.wh()[t];
        crossIn[b.feeder[i]] += r.wh()[t];
      }
      if (b.renewableOnly[i]) {
        assertThat(b.renewableSite[j]).isTrue();
      }
      if (mechanism == Mechanism.PAY_AS_CLEAR) {
        assertThat(r.sellerPriceMicros()[t]).isEqualTo(r.clearingPriceMicros());
      }
      paid += r.buyerPaysMicros(t);
      received += r.sellerGetsMicros(t);
      fees += r.feeAmountMicros(t);
    }
    // energy balance: nobody trades more than it ordered; bought = sold
    for (int i = 0; i < n; i++) {
      assertThat(traded[i]).isLessThanOrEqualTo(b.wh[i]);
    }
    assertThat(r.tradedWh()).isEqualTo(total);
    // budget balance: what buyers pay is what sellers get plus the grid fees
    assertThat(paid).isEqualTo(received + fees);
    // the network: cross-feeder trades within every capacity
    for (int f = 0; f < feeders; f++) {
      assertThat(crossOut[f]).isLessThanOrEqualTo(exp[f]);
      assertThat(crossIn[f]).isLessThanOrEqualTo(imp[f]);
    }
    // deterministic: the same book clears the same way
    ClearingResult again = Clearing.clear(b, rules, imp, exp);
    assertThat(again.bid()).isEqualTo(r.bid());
    assertThat(again.offer()).isEqualTo(r.offer());
    assertThat(again.wh()).isEqualTo(r.wh());
  }
}

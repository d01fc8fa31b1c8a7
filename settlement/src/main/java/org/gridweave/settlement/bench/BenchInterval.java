package org.gridweave.settlement.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;

/**
 * One interval of random trades among {@code participants} accounts, deterministic for a seed: each
 * trade has a seller and a distinct buyer, 100–5,000 Wh at 0.05–0.40 per kWh, and the buyer pays a
 * 1 % fee to the clearing account (index 0).
 */
record BenchInterval(long intervalId, List<Account> accounts, List<Trade> trades) {

  /** A trade between participant indexes (1-based; 0 is the clearing account). */
  record Trade(String id, int seller, int buyer, long wh, long priceMicros) {

    long amountMicros() {
      return wh * priceMicros / 1000;
    }

    long feeMicros() {
      return amountMicros() / 100;
    }
  }

  static BenchInterval generate(long intervalId, int participants, int trades, long seed) {
    if (participants < 2) {
      throw new IllegalArgumentException(
          "a trade needs at least 2 participants, got " + participants);
    }
    if (trades < 1) {
      throw new IllegalArgumentException("at least 1 trade, got " + trades);
    }
    List<Account> accounts = new ArrayList<>(participants);
    for (int i = 1; i <= participants; i++) {
      byte[] hash = Hash32.keccakUtf8("gridweave-bench-participant-" + i).bytes();
      accounts.add(Account.of(java.util.Arrays.copyOf(hash, Account.LENGTH)));
    }
    Random random = new Random(seed);
    List<Trade> list = new ArrayList<>(trades);
    for (int i = 0; i < trades; i++) {
      int seller = 1 + random.nextInt(participants);
      int buyer = 1 + random.nextInt(participants - 1);
      if (buyer >= seller) {
        buyer++;
      }
      long wh = 100 + random.nextInt(4_901);
      long price = 50_000 + random.nextInt(350_001);
      list.add(new Trade("bench-" + intervalId + "-" + i, seller, buyer, wh, price));
    }
    return new BenchInterval(intervalId, List.copyOf(accounts), List.copyOf(list));
  }

  /** Index {@code i} (1-based) is {@code accounts.get(i - 1)}. */
  Account account(int index) {
    return accounts.get(index - 1);
  }

  /** Seller +amount, buyer -(amount + fee), clearing account +fee, per trade. */
  List<Delta> deltas() {
    List<Delta> deltas = new ArrayList<>(3 * trades.size());
    for (Trade trade : trades) {
      deltas.add(new Delta(trade.seller(), trade.amountMicros()));
      deltas.add(new Delta(trade.buyer(), -trade.amountMicros() - trade.feeMicros()));
      deltas.add(new Delta(0, trade.feeMicros()));
    }
    return deltas;
  }
}

package org.gridweave.firmware.verify;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.TradeLeaf;

/**
 * A settlement contract in memory: the roots the test commits, verifyTrade as the contract, the
 * registered participants, and the {@code IntervalPartSettled} events per block.
 */
final class FakeChain implements ChainReader.Opener {
  private final Map<Long, ChainInterval> intervals = new HashMap<>();
  private final List<Account> participants = new ArrayList<>();
  private final Map<Long, List<IntervalPartSettled>> logs = new HashMap<>();
  final List<Long> blocksRead = new ArrayList<>();
  Account opened;

  FakeChain(Account clearing) {
    participants.add(clearing);
  }

  FakeChain settled(long intervalId, Hash32 tradesRoot) {
    return settled(intervalId, tradesRoot, 1);
  }

  FakeChain settled(long intervalId, Hash32 tradesRoot, int parts) {
    intervals.put(intervalId, new ChainInterval(tradesRoot, parts, parts, true));
    return this;
  }

  FakeChain partlySettled(long intervalId, Hash32 tradesRoot, int parts, int done) {
    intervals.put(intervalId, new ChainInterval(tradesRoot, parts, done, false));
    return this;
  }

  /** Registers accounts at the next indexes (1, 2, ...; 0 is the clearing account). */
  FakeChain register(Account... accounts) {
    participants.addAll(List.of(accounts));
    return this;
  }

  /** An {@code IntervalPartSettled} event logged in {@code block}. */
  FakeChain logged(long block, IntervalPartSettled part) {
    logs.computeIfAbsent(block, b -> new ArrayList<>()).add(part);
    return this;
  }

  @Override
  public ChainReader open(Account contract) {
    opened = contract;
    return new ChainReader() {
      @Override
      public ChainInterval interval(long intervalId) {
        return intervals.getOrDefault(intervalId, new ChainInterval(Hash32.ZERO, 0, 0, false));
      }

      @Override
      public boolean verifyTrade(TradeLeaf trade, List<Hash32> proof) {
        ChainInterval i = interval(trade.intervalId());
        return i.settled() && MerkleTree.verify(trade.hash(), proof, i.tradesRoot());
      }

      @Override
      public OptionalInt indexOf(Account account) {
        int i = participants.indexOf(account);
        return i < 0 ? OptionalInt.empty() : OptionalInt.of(i);
      }

      @Override
      public Account participantAccount(int index) {
        return participants.get(index);
      }

      @Override
      public List<IntervalPartSettled> partsSettledIn(long intervalId, long block) {
        blocksRead.add(block);
        return logs.getOrDefault(block, List.of()).stream()
            .filter(p -> p.intervalId() == intervalId)
            .toList();
      }

      @Override
      public void close() {}
    };
  }
}

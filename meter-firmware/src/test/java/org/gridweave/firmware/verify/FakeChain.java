package org.gridweave.firmware.verify;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.TradeLeaf;

/** A settlement contract in memory: the roots the test commits, and verifyTrade as the contract. */
final class FakeChain implements ChainReader.Opener {
  private final Map<Long, ChainInterval> intervals = new HashMap<>();
  Account opened;

  FakeChain settled(long intervalId, Hash32 tradesRoot) {
    intervals.put(intervalId, new ChainInterval(tradesRoot, 1, 1, true));
    return this;
  }

  FakeChain partlySettled(long intervalId, Hash32 tradesRoot, int parts, int done) {
    intervals.put(intervalId, new ChainInterval(tradesRoot, parts, done, false));
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
      public void close() {}
    };
  }
}

package org.gridweave.devstack.chain;

import java.util.List;
import org.gridweave.besuplugin.core.index.LogPosition;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;

/**
 * One log as a JSON-RPC node reports it ({@code eth_getLogs}): the emitting contract, the raw
 * topics (the event's signature hash first) and data, where it was emitted, and whether a re-org
 * removed it. What the Besu plugin gets from Besu's {@code LogWithMetadata}, without Besu's types.
 */
public record ChainLog(
    Account address, List<Hash32> topics, byte[] data, LogPosition position, boolean removed) {

  public ChainLog {
    if (address == null || position == null) {
      throw new IllegalArgumentException("a log needs its contract address and its position");
    }
    if (topics == null || data == null) {
      throw new IllegalArgumentException(
          "a log needs its topics and data (empty if none), at " + position);
    }
    topics = List.copyOf(topics);
    data = data.clone();
  }

  @Override
  public byte[] data() {
    return data.clone();
  }
}

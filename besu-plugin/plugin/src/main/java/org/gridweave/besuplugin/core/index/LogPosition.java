package org.gridweave.besuplugin.core.index;

import org.gridweave.settlement.Hash32;

/**
 * Where a log was emitted. A re-org's "removed" notice carries the same position as the log it
 * takes back, and a transaction included again lands at a new one (another block hash).
 */
public record LogPosition(
    long blockNumber, Hash32 blockHash, Hash32 transactionHash, int logIndex) {

  public LogPosition {
    if (blockNumber < 0) {
      throw new IllegalArgumentException("a block number is >= 0, got " + blockNumber);
    }
    if (blockHash == null || transactionHash == null) {
      throw new IllegalArgumentException("a log position needs its block and transaction hashes");
    }
    if (logIndex < 0) {
      throw new IllegalArgumentException("a log index is >= 0, got " + logIndex);
    }
  }
}

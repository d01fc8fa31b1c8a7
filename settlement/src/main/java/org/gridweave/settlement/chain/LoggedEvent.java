package org.gridweave.settlement.chain;

import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.SettlementEvent;

/** A settlement event with where it was logged. */
public record LoggedEvent(
    SettlementEvent event,
    long blockNumber,
    Hash32 blockHash,
    Hash32 txHash,
    int logIndex,
    boolean removed) {}

package org.gridweave.settlement.chain;

import java.util.List;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.SettlementEvent;

/**
 * A mined transaction.
 *
 * @param success status 1; a failed transaction changed nothing but used gas
 * @param contractAddress the created contract, for a deployment; else null
 * @param events the settlement contract's events it emitted, in log order
 */
public record TxReceipt(
    Hash32 txHash,
    long blockNumber,
    Hash32 blockHash,
    boolean success,
    long gasUsed,
    Account contractAddress,
    List<SettlementEvent> events) {

  public TxReceipt {
    events = List.copyOf(events);
  }
}

package org.gridweave.settlement.chain;

import org.gridweave.settlement.Account;

/**
 * There is no contract at the address: the node answers {@code eth_getCode} with no code (a wrong
 * address, another chain, or a chain reset since the contract was deployed).
 */
public final class NoContractException extends ChainException {

  private final Account address;

  public NoContractException(Account address, String message) {
    super(message);
    this.address = address;
  }

  /** The address without code. */
  public Account address() {
    return address;
  }
}

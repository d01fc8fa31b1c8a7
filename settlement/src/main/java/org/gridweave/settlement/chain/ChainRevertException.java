package org.gridweave.settlement.chain;

import java.util.Optional;

/**
 * The contract refused a call or transaction (found by {@code eth_estimateGas} or {@code eth_call}
 * before anything is sent). {@link #error()} names the contract's custom error with its arguments,
 * e.g. {@code "PartAlreadySettled(1764000000, 0)"}, when it is one.
 */
public final class ChainRevertException extends ChainException {

  private final String error;

  public ChainRevertException(String what, Optional<String> error, String nodeMessage) {
    super(what + " reverted: " + error.orElse(nodeMessage));
    this.error = error.orElse(null);
  }

  /** The custom error, or empty when the revert carried none we know (see the message). */
  public Optional<String> error() {
    return Optional.ofNullable(error);
  }

  /** The custom error's name alone, e.g. {@code "NotOperator"}, or empty. */
  public Optional<String> errorName() {
    return error().map(e -> e.substring(0, e.indexOf('(')));
  }
}

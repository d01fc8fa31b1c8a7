package org.gridweave.settlement.chain;

/** The node did not answer (connection refused, timeout): retry later, nothing was decided. */
public final class ChainUnavailableException extends ChainException {

  public ChainUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}

package org.gridweave.settlement.chain;

/** A chain call failed; see the subclasses for a refused call and an unreachable chain. */
public class ChainException extends RuntimeException {

  public ChainException(String message) {
    super(message);
  }

  public ChainException(String message, Throwable cause) {
    super(message, cause);
  }
}

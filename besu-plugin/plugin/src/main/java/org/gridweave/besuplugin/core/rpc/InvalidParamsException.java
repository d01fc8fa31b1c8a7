package org.gridweave.besuplugin.core.rpc;

/** An {@code energy_*} call's params are missing or malformed; the message says which and why. */
public final class InvalidParamsException extends RuntimeException {

  public InvalidParamsException(String message) {
    super(message);
  }

  public InvalidParamsException(String message, Throwable cause) {
    super(message, cause);
  }
}

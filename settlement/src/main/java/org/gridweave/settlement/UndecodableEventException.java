package org.gridweave.settlement;

/** A log that is no well-formed settlement event; {@link #reason()} says why. */
public final class UndecodableEventException extends Exception {

  private final String reason;

  public UndecodableEventException(String reason) {
    super("undecodable settlement event: " + reason);
    this.reason = reason;
  }

  public UndecodableEventException(String reason, Throwable cause) {
    super("undecodable settlement event: " + reason, cause);
    this.reason = reason;
  }

  public String reason() {
    return reason;
  }
}

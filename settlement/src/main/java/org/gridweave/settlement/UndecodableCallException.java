package org.gridweave.settlement;

/** Calldata that is no well-formed {@code commitInterval} call; {@link #reason()} says why. */
public final class UndecodableCallException extends Exception {

  private final String reason;

  public UndecodableCallException(String reason) {
    super("undecodable commitInterval call: " + reason);
    this.reason = reason;
  }

  public UndecodableCallException(String reason, Throwable cause) {
    super("undecodable commitInterval call: " + reason, cause);
    this.reason = reason;
  }

  /** What is wrong, e.g. {@code "wrong selector 0x12345678 (commitInterval is 0x…)"}. */
  public String reason() {
    return reason;
  }
}

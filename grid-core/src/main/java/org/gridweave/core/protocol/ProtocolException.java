package org.gridweave.core.protocol;

/**
 * A message broke protocol v1. Carries the machine-readable {@link RejectReason} and a sentence a
 * person can act on.
 */
public final class ProtocolException extends Exception {
  private final RejectReason reason;

  public ProtocolException(RejectReason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public RejectReason reason() {
    return reason;
  }
}

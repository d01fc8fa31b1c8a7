package org.gridweave.forecasting.service.target;

/** A target name or step that cannot be forecast; the message says why. */
public final class InvalidTarget extends RuntimeException {
  private final String field;

  public InvalidTarget(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  /** The request part at fault: {@code target} or {@code step}. */
  public String field() {
    return field;
  }
}

package org.gridweave.firmware.registration;

/** The gateway refused a registration, or could not be reached. */
public final class RegistrationException extends Exception {
  private final int status;
  private final String field;

  public RegistrationException(int status, String message, String field) {
    super(message);
    this.status = status;
    this.field = field;
  }

  /** The HTTP status, or 0 when the gateway was not reached. */
  public int status() {
    return status;
  }

  /** The request field the gateway named as the problem, or null. */
  public String field() {
    return field;
  }
}

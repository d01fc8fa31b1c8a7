package org.gridweave.firmware.verify;

/**
 * Verification could not be done (as opposed to a check that failed): the controller or the chain
 * did not answer, or answered something unusable. The message says which and why.
 */
public final class VerificationException extends Exception {
  public VerificationException(String message) {
    super(message);
  }

  public VerificationException(String message, Throwable cause) {
    super(message, cause);
  }
}

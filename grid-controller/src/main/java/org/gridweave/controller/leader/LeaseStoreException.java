package org.gridweave.controller.leader;

/** The lease store could not answer (unreachable, timed out, refused the request). */
public final class LeaseStoreException extends RuntimeException {
  public LeaseStoreException(String message, Throwable cause) {
    super(message, cause);
  }

  public LeaseStoreException(String message) {
    super(message);
  }
}

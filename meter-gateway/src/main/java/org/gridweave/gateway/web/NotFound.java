package org.gridweave.gateway.web;

/** The addressed resource does not exist; answered with 404. */
public final class NotFound extends RuntimeException {
  public NotFound(String message) {
    super(message, null, false, false);
  }
}

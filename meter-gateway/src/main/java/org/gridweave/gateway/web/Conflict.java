package org.gridweave.gateway.web;

/** The request contradicts stored state; answered with 409. */
public final class Conflict extends RuntimeException {
  public Conflict(String message) {
    super(message, null, false, false);
  }
}

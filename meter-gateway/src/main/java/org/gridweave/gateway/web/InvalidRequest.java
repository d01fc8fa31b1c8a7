package org.gridweave.gateway.web;

/** A REST body or parameter that fails validation; answered with 400 naming the field. */
public final class InvalidRequest extends RuntimeException {
  private final String field;

  public InvalidRequest(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}

package org.gridweave.controller.service.web;

/** A request the API refuses (400), naming the field. */
public final class BadRequest extends RuntimeException {
  private final String field;

  public BadRequest(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}

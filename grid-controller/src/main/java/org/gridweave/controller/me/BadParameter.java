package org.gridweave.controller.me;

/** A query parameter or body field of a prosumer's request that is refused, naming it. */
public final class BadParameter extends RuntimeException {
  private final String field;

  public BadParameter(String field, String message) {
    super(message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}

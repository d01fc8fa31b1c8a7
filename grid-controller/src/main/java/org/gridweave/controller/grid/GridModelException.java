package org.gridweave.controller.grid;

/**
 * A grid model that cannot be accepted: a value out of range, a broken reference or an inconsistent
 * topology. {@link #field()} names the offending field as a path into the submitted document
 * ({@code sites[3].battery.soc_min_pct}); nothing of a refused model is ever applied.
 */
public final class GridModelException extends RuntimeException {
  private final String field;

  public GridModelException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }

  /** The sentence without the field prefix. */
  public String reason() {
    return getMessage().substring(field.length() + 2);
  }
}

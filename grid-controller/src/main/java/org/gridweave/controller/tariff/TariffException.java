package org.gridweave.controller.tariff;

/** A tariff that cannot be used; {@link #field()} names the offending field or CSV line. */
public final class TariffException extends RuntimeException {
  private final String field;

  public TariffException(String field, String message) {
    super(field + ": " + message);
    this.field = field;
  }

  public String field() {
    return field;
  }
}

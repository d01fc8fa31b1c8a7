package org.gridweave.forecasting.service.weather;

/** A weather upload that fails validation; the message names the line or point and the field. */
public final class InvalidWeather extends RuntimeException {
  private final String field;

  public InvalidWeather(String field, String message) {
    super(message, null, false, false);
    this.field = field;
  }

  public String field() {
    return field;
  }
}

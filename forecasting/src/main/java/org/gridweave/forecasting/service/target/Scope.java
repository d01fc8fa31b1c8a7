package org.gridweave.forecasting.service.target;

/** Whose energy a target sums: one meter, or every meter registered on a feeder. */
public enum Scope {
  METER("meter"),
  FEEDER("feeder");

  private final String key;

  Scope(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}

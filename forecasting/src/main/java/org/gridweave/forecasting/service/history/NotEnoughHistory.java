package org.gridweave.forecasting.service.history;

/** The target exists but its history is too short to train on yet (answered with 409). */
public final class NotEnoughHistory extends RuntimeException {
  public NotEnoughHistory(String message) {
    super(message, null, false, false);
  }
}

package org.gridweave.forecasting.service.history;

/** No meter or feeder of that id is registered, or no model exists yet (answered with 404). */
public final class UnknownTarget extends RuntimeException {
  public UnknownTarget(String message) {
    super(message, null, false, false);
  }
}

package org.gridweave.forecasting.service.training;

/** The engine could not train on the data it was given (too short, too sparse, inconsistent). */
public final class TrainingRefused extends RuntimeException {
  public TrainingRefused(String message, Throwable cause) {
    super(message, cause);
  }
}

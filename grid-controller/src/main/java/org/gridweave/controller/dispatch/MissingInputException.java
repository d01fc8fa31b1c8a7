package org.gridweave.controller.dispatch;

/** A dispatch input is missing or does not cover the horizon (e.g. no forecast for a site). */
public final class MissingInputException extends RuntimeException {
  public MissingInputException(String message) {
    super(message);
  }
}

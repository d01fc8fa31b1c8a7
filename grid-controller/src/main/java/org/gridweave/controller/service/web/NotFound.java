package org.gridweave.controller.service.web;

/** Nothing at this address (404). */
public final class NotFound extends RuntimeException {
  public NotFound(String message) {
    super(message);
  }
}

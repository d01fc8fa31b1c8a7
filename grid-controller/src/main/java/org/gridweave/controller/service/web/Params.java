package org.gridweave.controller.service.web;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Request parameters every resource reads alike; a bad one is a 400 naming it. */
public final class Params {
  private Params() {}

  /** An ISO-8601 instant (a query or path parameter, or a body field's text). */
  public static Instant instant(String field, String value) {
    if (value == null) {
      throw new BadRequest(field, "is required, an ISO-8601 instant");
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw new BadRequest(field, "'" + value + "' is not an ISO-8601 instant");
    }
  }
}

package org.gridweave.core.protocol;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;

/**
 * A fast path for the timestamp form meters send, {@code yyyy-MM-ddTHH:mm:ss[.SSS]Z}: the general
 * ISO-8601 parser allocates a map per field and was a tenth of the gateway's decoding time.
 * Anything else (offsets, other precisions, malformed text) returns null and goes to the general
 * parser, so this class decides nothing about validity on its own.
 */
final class UtcTimestamps {
  private UtcTimestamps() {}

  /** The instant, or null when {@code text} is not exactly in the fast form. */
  static Instant parseFast(String text) {
    int n = text.length();
    if (n != 20 && n != 24) {
      return null;
    }
    if (text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(n - 1) != 'Z') {
      return null;
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 2);
    int day = digits(text, 8, 2);
    int hour = digits(text, 11, 2);
    int minute = digits(text, 14, 2);
    int second = digits(text, 17, 2);
    int millis = 0;
    if (n == 24) {
      if (text.charAt(19) != '.') {
        return null;
      }
      millis = digits(text, 20, 3);
    }
    if ((year | month | day | hour | minute | second | millis) < 0) {
      return null;
    }
    try {
      long days = LocalDate.of(year, month, day).toEpochDay();
      long secondOfDay = LocalTime.of(hour, minute, second).toSecondOfDay();
      return Instant.ofEpochSecond(days * 86_400 + secondOfDay, millis * 1_000_000L);
    } catch (DateTimeException e) {
      return null;
    }
  }

  /** The non-negative number in {@code text[from, from + count)}, or -1 if a char is no digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}

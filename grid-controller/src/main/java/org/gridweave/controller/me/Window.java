package org.gridweave.controller.me;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * The time range of a prosumer's readings request: {@code [from, to)}, at most {@link #MAX} long;
 * the last {@link #DEFAULT} when neither end is given.
 */
public record Window(Instant from, Instant to) {
  public static final Duration DEFAULT = Duration.ofHours(24);
  public static final Duration MAX = Duration.ofDays(31);

  public Window {
    if (!from.isBefore(to)) {
      throw new BadParameter("from", "must be before 'to' (" + from + " is not before " + to + ")");
    }
    if (Duration.between(from, to).compareTo(MAX) > 0) {
      throw new BadParameter("to", "the range may span at most " + MAX.toDays() + " days");
    }
  }

  /**
   * @param from ISO-8601 instant or {@code null} ({@code to} − 24 h)
   * @param to ISO-8601 instant or {@code null} (now, or {@code from} + 24 h when only {@code from}
   *     is given)
   */
  public static Window parse(String from, String to, Instant now) {
    Instant f = from == null ? null : instant("from", from);
    Instant t = to == null ? null : instant("to", to);
    if (t == null) {
      t = f == null ? now : f.plus(DEFAULT);
    }
    if (f == null) {
      f = t.minus(DEFAULT);
    }
    return new Window(f, t);
  }

  /** The starts of the {@code step} intervals (aligned on the epoch) that overlap the range. */
  public List<Instant> intervals(Duration step) {
    long s = step.toSeconds();
    long first = Math.floorDiv(from.getEpochSecond(), s) * s;
    List<Instant> out = new ArrayList<>();
    for (Instant t = Instant.ofEpochSecond(first); t.isBefore(to); t = t.plusSeconds(s)) {
      out.add(t);
    }
    return out;
  }

  static Instant instant(String field, String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new BadParameter(
          field,
          "'" + Limit.abbreviate(text) + "' is not an ISO-8601 instant (2026-11-26T10:00:00Z)");
    }
  }
}

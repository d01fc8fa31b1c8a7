package org.gridweave.core.time;

import java.time.Duration;
import java.time.Instant;

/**
 * A settlement/market interval: a half-open span {@code [start, start + length)} aligned to the
 * Unix epoch (so 15-minute intervals start at :00, :15, :30 and :45 UTC).
 */
public record Interval(Instant start, Duration length) implements Comparable<Interval> {
  public static final Duration DEFAULT_LENGTH = Duration.ofMinutes(15);

  public Interval {
    requireLength(length);
    if (start.getNano() != 0 || start.getEpochSecond() % length.getSeconds() != 0) {
      throw new IllegalArgumentException(
          "interval start " + start + " is not aligned to a " + length + " boundary");
    }
  }

  public static Interval containing(Instant time, Duration length) {
    requireLength(length);
    long seconds = length.getSeconds();
    long start = Math.floorDiv(time.getEpochSecond(), seconds) * seconds;
    return new Interval(Instant.ofEpochSecond(start), length);
  }

  public Instant end() {
    return start.plus(length);
  }

  public boolean contains(Instant time) {
    return !time.isBefore(start) && time.isBefore(end());
  }

  public Interval next() {
    return new Interval(end(), length);
  }

  private static void requireLength(Duration length) {
    if (length == null
        || length.isNegative()
        || length.isZero()
        || length.getNano() != 0
        || Duration.ofDays(1).getSeconds() % length.getSeconds() != 0) {
      throw new IllegalArgumentException(
          "interval length must be a whole number of seconds that divides a day, was " + length);
    }
  }

  @Override
  public int compareTo(Interval o) {
    return start.compareTo(o.start);
  }

  @Override
  public String toString() {
    return start + "/" + length;
  }
}

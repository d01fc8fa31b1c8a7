package org.gridweave.devstack.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock that starts {@code behind} in the past and runs {@code speed} times faster than {@code
 * real} until it has caught up, then keeps real time. It never runs ahead of the real clock and
 * never goes backwards, so meters reading it produce a continuous, monotonic history.
 */
public final class CatchUpClock extends Clock {
  private final Clock real;
  private final Instant start;
  private final Instant wallStart;
  private final double speed;

  public CatchUpClock(Clock real, Duration behind, double speed) {
    if (speed < 1) {
      throw new IllegalArgumentException("speed must be >= 1, was " + speed);
    }
    this.real = real;
    this.wallStart = real.instant();
    this.start = wallStart.minus(behind);
    this.speed = speed;
  }

  @Override
  public Instant instant() {
    Instant now = real.instant();
    Instant simulated = simulatedAt(now);
    return simulated.isBefore(now) ? simulated : now;
  }

  /** True once the simulated time has reached the real time (one reading of the real clock). */
  public boolean caughtUp() {
    Instant now = real.instant();
    return !simulatedAt(now).isBefore(now);
  }

  private Instant simulatedAt(Instant now) {
    long elapsedMs = Duration.between(wallStart, now).toMillis();
    return start.plusMillis((long) (elapsedMs * speed));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a UTC clock");
  }
}

package org.gridweave.devstack.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CatchUpClockTest {
  /** A real clock the test moves by hand. */
  static final class Hand extends Clock {
    Instant now = Instant.parse("2026-11-26T12:00:00Z");

    @Override
    public Instant instant() {
      now = now.plusNanos(1); // every reading is a little later, as on a real machine
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }

  @Test
  void runs_fast_from_the_past_then_keeps_real_time_once_caught_up() {
    Hand real = new Hand();
    CatchUpClock clock = new CatchUpClock(real, Duration.ofDays(1), 1000);
    assertThat(clock.instant()).isBefore(Instant.parse("2026-11-25T12:00:01Z"));
    assertThat(clock.caughtUp()).isFalse();
    real.now = real.now.plusSeconds(43); // 43,000 s simulated: still behind
    assertThat(clock.instant()).isBetween(Instant.parse("2026-11-25T23:56:00Z"), real.now);
    assertThat(clock.caughtUp()).isFalse();
    real.now = real.now.plusSeconds(44); // 87,000 s simulated > one day
    assertThat(clock.caughtUp()).isTrue();
    Instant a = clock.instant();
    assertThat(a).isBeforeOrEqualTo(real.now).isAfter(Instant.parse("2026-11-26T12:01:26Z"));
  }
}

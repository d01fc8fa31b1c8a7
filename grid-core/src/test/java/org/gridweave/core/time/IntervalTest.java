package org.gridweave.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IntervalTest {
  @Test
  void containingAlignsToQuarterHours() {
    Interval i =
        Interval.containing(Instant.parse("2026-11-25T10:44:59.999Z"), Duration.ofMinutes(15));
    assertThat(i.start()).isEqualTo(Instant.parse("2026-11-25T10:30:00Z"));
    assertThat(i.end()).isEqualTo(Instant.parse("2026-11-25T10:45:00Z"));
    assertThat(i.contains(Instant.parse("2026-11-25T10:45:00Z"))).isFalse();
    assertThat(i.next().start()).isEqualTo(i.end());
  }

  @Test
  void timesBeforeTheEpochFloorDownward() {
    Interval i = Interval.containing(Instant.parse("1969-12-31T23:59:59Z"), Duration.ofMinutes(15));
    assertThat(i.start()).isEqualTo(Instant.parse("1969-12-31T23:45:00Z"));
  }

  @Test
  void rejectsLengthsThatDoNotDivideADay() {
    assertThatThrownBy(() -> Interval.containing(Instant.EPOCH, Duration.ofMinutes(7)))
        .hasMessageContaining("divides a day");
    assertThatThrownBy(
            () -> new Interval(Instant.parse("2026-01-01T00:01:00Z"), Duration.ofMinutes(15)))
        .hasMessageContaining("not aligned");
  }
}

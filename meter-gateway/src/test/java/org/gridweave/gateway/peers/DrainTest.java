package org.gridweave.gateway.peers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.gridweave.gateway.peers.Drain.Action;
import org.gridweave.gateway.peers.Drain.Phase;
import org.junit.jupiter.api.Test;

class DrainTest {
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
  private static final Duration QUIET = Duration.ofSeconds(3);

  private static Instant at(double seconds) {
    return T0.plusMillis(Math.round(seconds * 1000));
  }

  @Test
  void leavesTheGroupAtOnceThenRetiresAfterAQuietSpellWithEverythingCommitted() {
    Drain drain = new Drain(T0, QUIET);

    assertThat(drain.next(at(0.5)))
        .as("a member of a loaded group is never quiet: leave first")
        .isEqualTo(Action.UNSUBSCRIBE);
    assertThat(drain.phase()).isEqualTo(Phase.LEAVING);

    // what waited in the session still arrives
    drain.received(at(0.6));
    drain.received(at(0.7));
    drain.committed(at(1.0));
    assertThat(drain.next(at(2))).isEqualTo(Action.NONE);
    assertThat(drain.next(at(10))).as("one message still uncommitted").isEqualTo(Action.NONE);

    drain.committed(at(10));
    assertThat(drain.next(at(12.9))).isEqualTo(Action.NONE);
    assertThat(drain.next(at(13))).isEqualTo(Action.RETIRE);
    assertThat(drain.phase()).isEqualTo(Phase.DONE);
    assertThat(drain.next(at(100))).isEqualTo(Action.NONE);
    assertThat(drain.receivedMessages()).isEqualTo(2);
  }

  @Test
  void anEmptySessionIsLeftAtOnceAndRetiredAfterOneQuietSpell() {
    Drain drain = new Drain(T0, QUIET);

    assertThat(drain.next(at(0))).isEqualTo(Action.UNSUBSCRIBE);
    assertThat(drain.next(at(2.9))).isEqualTo(Action.NONE);
    assertThat(drain.next(at(3))).isEqualTo(Action.RETIRE);
  }

  @Test
  void whenTheOwnerTakesItsSessionBackNothingIsRetired() {
    Drain drain = new Drain(T0, QUIET);
    drain.received(at(1));
    drain.committed(at(1));
    drain.takenOver();

    assertThat(drain.phase()).isEqualTo(Phase.TAKEN_OVER);
    assertThat(drain.next(at(60))).isEqualTo(Action.NONE);
  }

  @Test
  void refusesImpossibleInput() {
    assertThatThrownBy(() -> new Drain(T0, Duration.ZERO)).hasMessageContaining("positive");
    Drain drain = new Drain(T0, QUIET);
    assertThatThrownBy(() -> drain.committed(at(1))).hasMessageContaining("more messages");
  }
}

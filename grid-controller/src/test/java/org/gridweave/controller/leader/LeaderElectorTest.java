package org.gridweave.controller.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The election's state machine on a fake store and clocks the test moves by hand. */
class LeaderElectorTest {
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
  private static final LeaderElector.Timing TIMING =
      new LeaderElector.Timing(Duration.ofSeconds(15), Duration.ofSeconds(5));

  private final SettableClock storeClock = new SettableClock(T0);
  private final SettableClock clockA = new SettableClock(T0);
  private final SettableClock clockB = new SettableClock(T0);
  private final FakeLeaseStore store = new FakeLeaseStore(storeClock);
  private final LeaderElector a = new LeaderElector("gc", "a", store, clockA, TIMING);
  private final LeaderElector b = new LeaderElector("gc", "b", store, clockB, TIMING);
  private final List<String> events = new ArrayList<>();

  LeaderElectorTest() {
    a.addListener(recording("a"));
    b.addListener(recording("b"));
  }

  private LeaderElector.Listener recording(String who) {
    return new LeaderElector.Listener() {
      @Override
      public void elected(long epoch) {
        events.add(who + " elected " + epoch);
      }

      @Override
      public void deposed(long epoch, String why) {
        events.add(who + " deposed " + epoch + ": " + why);
      }
    };
  }

  private void advance(Duration d) {
    storeClock.advance(d);
    clockA.advance(d);
    clockB.advance(d);
  }

  @Test
  void theFirstCandidateLeadsWithEpochOneAndTheOtherFollows() {
    a.tick();
    LeaderStatus follower = b.tick();

    assertThat(a.isLeader()).isTrue();
    assertThat(a.epoch()).contains(1L);
    assertThat(follower.leader()).isFalse();
    assertThat(follower.holder()).contains("a");
    assertThat(follower.epoch()).isEqualTo(1);
    assertThat(b.epoch()).isEmpty();
    assertThat(events).containsExactly("a elected 1");
  }

  @Test
  void renewalsKeepTheLeaderAndItsEpoch() {
    a.tick();
    for (int i = 0; i < 10; i++) {
      advance(TIMING.renewEvery());
      a.tick();
      b.tick();
    }

    assertThat(a.isLeader()).isTrue();
    assertThat(a.epoch()).contains(1L);
    assertThat(b.isLeader()).isFalse();
    assertThat(store.lease("gc").acquiredAt()).isEqualTo(T0);
    assertThat(events).containsExactly("a elected 1");
  }

  @Test
  void aLeaderThatCannotRenewStopsActingBeforeAnotherCanAcquire() {
    a.tick();
    b.tick();
    store.down(true);
    advance(Duration.ofSeconds(5));
    a.tick();
    assertThat(a.isLeader()).as("5 s: one renewal failed, the deadline is at 10 s").isTrue();

    advance(Duration.ofSeconds(5));
    assertThat(a.isLeader()).as("10 s: the deadline passed, no tick needed").isFalse();
    store.down(false);
    b.tick();
    assertThat(b.isLeader()).as("10 s: the lease itself is still a's until 15 s").isFalse();

    advance(Duration.ofSeconds(5));
    b.tick();
    assertThat(b.isLeader()).isTrue();
    assertThat(b.epoch()).contains(2L);
  }

  @Test
  void aDeadLeaderIsReplacedWithinLeaseDurationPlusRenewEveryWithTheNextEpoch() {
    a.tick();
    Instant lastRenewal = storeClock.instant();
    // a dies now; b keeps trying every renewal period, starting at an unlucky phase
    advance(Duration.ofSeconds(1));
    while (!b.isLeader()) {
      b.tick();
      if (!b.isLeader()) {
        advance(TIMING.renewEvery());
      }
    }

    assertThat(Duration.between(lastRenewal, storeClock.instant()))
        .isGreaterThanOrEqualTo(TIMING.leaseDuration())
        .isLessThanOrEqualTo(TIMING.failoverWithin());
    assertThat(b.epoch()).contains(2L);
    assertThat(events).containsExactly("a elected 1", "b elected 2");
  }

  @Test
  void aPausedLeaderFindsAnotherHolderAndStepsDown() {
    a.tick();
    advance(Duration.ofSeconds(16)); // a's process was frozen: no tick, the lease expired
    b.tick();
    assertThat(a.isLeader()).isFalse();

    a.tick();

    assertThat(b.isLeader()).isTrue();
    assertThat(a.status().holder()).contains("b");
    assertThat(events)
        .containsExactly(
            "a elected 1",
            "b elected 2",
            "a deposed 1: the lease was not renewed before its deadline 2026-11-26T12:00:10Z");
  }

  @Test
  void aLeaderToldByTheStoreThatAnotherHoldsTheLeaseStepsDownAtOnce() {
    a.tick();
    advance(Duration.ofSeconds(5));
    a.tick();
    // the store's own clock ran ahead (or a's renewal got lost): the lease expired for the store
    storeClock.advance(Duration.ofSeconds(20));
    b.tick();

    a.tick();

    assertThat(a.isLeader()).isFalse();
    assertThat(b.epoch()).contains(2L);
    assertThat(events.getLast()).isEqualTo("a deposed 1: the lease is held by b (epoch 2)");
  }

  @Test
  void aCandidateWhoseClockRunsAheadCannotTakeOverEarly() {
    a.tick();
    clockB.advance(Duration.ofHours(1));

    b.tick();

    assertThat(b.isLeader()).isFalse();
    assertThat(a.isLeader()).isTrue();
  }

  @Test
  void anAnswerArrivingAfterTheDeadlineDoesNotMakeALeader() {
    store.whileAnswering(() -> clockA.advance(Duration.ofSeconds(11)));

    LeaderStatus status = a.tick();

    assertThat(status.leader()).isFalse();
    assertThat(status.problem()).get().asString().contains("after the renewal deadline");
    assertThat(events).isEmpty();
  }

  @Test
  void aLeaseLostAndTakenAgainBetweenTwoTicksStartsANewTerm() {
    a.tick();
    storeClock.advance(Duration.ofSeconds(20)); // expired for the store, nobody else took it

    a.tick();

    assertThat(a.epoch()).contains(2L);
    assertThat(events)
        .containsExactly(
            "a elected 1",
            "a deposed 1: the lease was lost and acquired again (epoch 2)",
            "a elected 2");
  }

  @Test
  void aReleasedLeaseGoesToTheNextCandidateAtOnce() {
    a.tick();
    b.tick();
    advance(Duration.ofSeconds(1));

    a.release();
    b.tick();

    assertThat(a.isLeader()).isFalse();
    assertThat(b.isLeader()).isTrue();
    assertThat(b.epoch()).contains(2L);
    assertThat(events).containsExactly("a elected 1", "a deposed 1: stepped down", "b elected 2");
  }

  @Test
  void anUnreachableStoreIsReportedAndAFollowerStaysOne() {
    store.down(true);

    LeaderStatus status = b.tick();

    assertThat(status.leader()).isFalse();
    assertThat(status.holder()).isEmpty();
    assertThat(status.problem()).contains("the store is unreachable");
  }

  @Test
  void timingsThatLeaveNoRoomToStepDownAreRefused() {
    assertThatThrownBy(() -> new LeaderElector.Timing(Duration.ofSeconds(8), Duration.ofSeconds(5)))
        .hasMessageContaining("at least twice renew-every");
    assertThatThrownBy(
            () -> new LeaderElector.Timing(Duration.ofMillis(15500), Duration.ofSeconds(5)))
        .hasMessageContaining("whole seconds");
    assertThatThrownBy(() -> new LeaderElector.Timing(Duration.ofSeconds(15), Duration.ZERO))
        .hasMessageContaining("renew-every must be positive");
    assertThat(TIMING.renewDeadline()).isEqualTo(Duration.ofSeconds(10));
    assertThat(TIMING.failoverWithin()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void instanceIdsAreChecked() {
    assertThatThrownBy(() -> new LeaderElector("gc", " ", store, clockA, TIMING))
        .hasMessage("the instance id must not be empty");
  }
}

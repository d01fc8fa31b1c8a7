package org.gridweave.besuplugin.core.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridweave.besuplugin.core.Fixtures.OPERATOR;
import static org.gridweave.besuplugin.core.Fixtures.READINGS_ROOT;
import static org.gridweave.besuplugin.core.Fixtures.STRANGER;
import static org.gridweave.besuplugin.core.Fixtures.T0;
import static org.gridweave.besuplugin.core.Fixtures.TRADES_ROOT;
import static org.gridweave.besuplugin.core.Fixtures.account;
import static org.gridweave.besuplugin.core.Fixtures.at;
import static org.gridweave.besuplugin.core.Fixtures.operatorAdded;
import static org.gridweave.besuplugin.core.Fixtures.operatorRemoved;
import static org.gridweave.besuplugin.core.Fixtures.part;
import static org.gridweave.besuplugin.core.Fixtures.registered;
import static org.gridweave.besuplugin.core.Fixtures.removed;
import static org.gridweave.besuplugin.core.Fixtures.settled;

import java.util.List;
import java.util.Map;
import org.gridweave.settlement.Delta;
import org.junit.jupiter.api.Test;

class SettlementIndexTest {

  private final SettlementIndex index = new SettlementIndex();

  @Test
  void knowsPartsDeltasRootsAndTheBlockOfTheFinalSettlement() {
    // Given an interval settled in two parts, the last one finishing it
    index.apply(part(T0, 0, 2, List.of(new Delta(1, 5), new Delta(0, -5)), at(10)));
    index.apply(part(T0, 1, 2, List.of(new Delta(2, -7), new Delta(0, 7)), at(11)));
    index.apply(settled(T0, 2, at(11)));

    // Then
    IntervalView view = index.interval(T0).orElseThrow();
    assertThat(view.isSettled()).isTrue();
    assertThat(view.parts()).hasValue(2);
    assertThat(view.partsSettled())
        .extracting(IntervalView.PartSettled::part)
        .containsExactly(0, 1);
    assertThat(view.settlement().orElseThrow().tradesRoot()).isEqualTo(TRADES_ROOT);
    assertThat(view.settlement().orElseThrow().readingsRoot()).isEqualTo(READINGS_ROOT);
    assertThat(view.settlement().orElseThrow().position()).isEqualTo(at(11));
    assertThat(view.netDeltas()).isEqualTo(Map.of(0, 2L, 1, 5L, 2, -7L));
    assertThat(index.lastSettledInterval()).hasValue(T0);
  }

  @Test
  void aPartAloneIsNotAFinalSettlement() {
    index.apply(part(T0, 0, 2, List.of(), at(10)));

    assertThat(index.isPartSettled(T0, 0)).isTrue();
    assertThat(index.isPartSettled(T0, 1)).isFalse();
    assertThat(index.isSettled(T0)).isFalse();
    assertThat(index.lastSettledInterval()).isEmpty();
    assertThat(index.intervalsIndexed()).isEqualTo(1);
  }

  @Test
  void aRemovedLogTakesBackWhatItAdded() {
    // Given a settled interval
    index.apply(part(T0, 0, 1, List.of(), at(10)));
    index.apply(settled(T0, at(10)));

    // When a re-org removes both logs
    index.apply(removed(settled(T0, at(10))));
    index.apply(removed(part(T0, 0, 1, List.of(), at(10))));

    // Then the interval is gone, and the counters say why
    assertThat(index.isSettled(T0)).isFalse();
    assertThat(index.isPartSettled(T0, 0)).isFalse();
    assertThat(index.interval(T0)).isEmpty();
    assertThat(index.intervalsIndexed()).isZero();
    assertThat(index.logsSeen()).isEqualTo(4);
    assertThat(index.logsRemoved()).isEqualTo(2);
  }

  @Test
  void aTransactionIncludedAgainStaysSettledWhicheverNoticeComesFirst() {
    // Given the settlement in block 10 of fork a
    index.apply(settled(T0, at(10, "a")));

    // When the re-org's new block (fork b) arrives before the removal of the old one
    index.apply(settled(T0, at(10, "b")));
    index.apply(removed(settled(T0, at(10, "a"))));

    // Then the interval is settled, at the new block
    assertThat(index.interval(T0).orElseThrow().settlement().orElseThrow().position())
        .isEqualTo(at(10, "b"));
  }

  @Test
  void removingALogOfAnotherBlockLeavesTheLiveOneAlone() {
    index.apply(settled(T0, at(10, "a")));

    index.apply(removed(settled(T0, at(10, "b"))));

    assertThat(index.isSettled(T0)).isTrue();
  }

  @Test
  void theSameLogTwiceChangesNothing() {
    index.apply(settled(T0, at(10)));
    index.apply(settled(T0, at(10)));

    index.apply(removed(settled(T0, at(10))));

    assertThat(index.isSettled(T0)).isFalse();
  }

  @Test
  void theLastSettledIntervalIsTheLatestFinalOne() {
    index.apply(settled(T0, at(10)));
    index.apply(settled(T0 + 900, at(11)));
    index.apply(part(T0 + 1800, 0, 2, List.of(), at(12)));

    assertThat(index.lastSettledInterval()).hasValue(T0 + 900);
    assertThat(index.intervalsIndexed()).isEqualTo(3);
  }

  @Test
  void knowsRegisteredParticipantsUntilARegistrationIsRemoved() {
    index.apply(registered(0, OPERATOR, at(1)));
    index.apply(registered(1, STRANGER, at(2)));

    index.apply(removed(registered(1, STRANGER, at(2))));

    assertThat(index.participants()).isEqualTo(Map.of(0, OPERATOR));
  }

  @Test
  void keepsTheLatestIntervalsAndForgetsOlderOnes() {
    // Given an index keeping two intervals
    SettlementIndex small = new SettlementIndex(2);

    // When three are settled, the newest first
    small.apply(settled(T0 + 1800, at(12)));
    small.apply(settled(T0 + 900, at(11)));
    small.apply(settled(T0, at(10)));

    // Then the oldest is forgotten, and said to be
    assertThat(small.intervalsIndexed()).isEqualTo(2);
    assertThat(small.interval(T0)).isEmpty();
    assertThat(small.isForgotten(T0)).isTrue();
    assertThat(small.isForgotten(T0 + 900)).isFalse();
    assertThat(small.isForgotten(T0 + 2700)).as("not yet seen is not forgotten").isFalse();
    assertThat(small.lastSettledInterval()).hasValue(T0 + 1800);
  }

  @Test
  void followsOperatorChangesByTheirLatestLog() {
    index.apply(operatorAdded(OPERATOR, at(1)));
    index.apply(operatorAdded(STRANGER, at(5)));
    index.apply(operatorRemoved(STRANGER, at(7)));

    assertThat(index.operatorChanges())
        .containsExactly(Map.entry(OPERATOR, true), Map.entry(STRANGER, false));
    assertThat(index.operatorRole(OPERATOR)).contains(true);
    assertThat(index.operatorRole(STRANGER)).contains(false);
    assertThat(index.operatorRole(account(0x77))).isEmpty();
  }

  @Test
  void aRemovedOperatorLogUndoesItsChangeInWhateverOrderTheNoticesCome() {
    index.apply(operatorAdded(STRANGER, at(5)));
    index.apply(operatorRemoved(STRANGER, at(7, "a")));

    // A re-org takes block 7 back: the removal is undone
    index.apply(removed(operatorRemoved(STRANGER, at(7, "a"))));
    assertThat(index.operatorChanges()).containsExactly(Map.entry(STRANGER, true));

    // The removal is included again at block 8, and a stale notice of block 7 arrives late
    index.apply(operatorRemoved(STRANGER, at(8, "b")));
    index.apply(removed(operatorRemoved(STRANGER, at(7, "a"))));
    assertThat(index.operatorChanges()).containsExactly(Map.entry(STRANGER, false));

    // Undoing every change leaves the account to its configured role
    index.apply(removed(operatorRemoved(STRANGER, at(8, "b"))));
    index.apply(removed(operatorAdded(STRANGER, at(5))));
    assertThat(index.operatorChanges()).isEmpty();
  }

  @Test
  void theLatestChangeIsTheOneLatestOnTheChainNotTheLastToArrive() {
    index.apply(operatorRemoved(STRANGER, at(9)));
    index.apply(operatorAdded(STRANGER, at(4)));

    assertThat(index.operatorChanges()).containsExactly(Map.entry(STRANGER, false));
  }

  @Test
  void keepsABoundedHistoryOfOperatorChangesPerAccount() {
    for (int block = 0; block < 100; block++) {
      index.apply(
          block % 2 == 0
              ? operatorAdded(STRANGER, at(block))
              : operatorRemoved(STRANGER, at(block)));
    }
    assertThat(index.operatorChanges()).containsExactly(Map.entry(STRANGER, false));

    // Undoing the latest changes one by one walks back through the kept history
    for (int block = 99; block > 99 - SettlementIndex.MAX_OPERATOR_LOGS_PER_ACCOUNT + 1; block--) {
      index.apply(
          removed(
              block % 2 == 0
                  ? operatorAdded(STRANGER, at(block))
                  : operatorRemoved(STRANGER, at(block))));
      assertThat(index.operatorChanges().get(STRANGER)).isEqualTo((block - 1) % 2 == 0);
    }
  }

  @Test
  void theOwnerIsParticipantZero() {
    assertThat(index.owner()).isEmpty();

    index.apply(registered(1, STRANGER, at(2)));
    assertThat(index.owner()).isEmpty();

    index.apply(registered(0, account(0x0B), at(1)));
    assertThat(index.owner()).contains(account(0x0B));
  }
}

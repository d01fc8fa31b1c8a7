package org.gridweave.besuplugin.core.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridweave.besuplugin.core.Fixtures.READINGS_ROOT;
import static org.gridweave.besuplugin.core.Fixtures.T0;
import static org.gridweave.besuplugin.core.Fixtures.TRADES_ROOT;
import static org.gridweave.besuplugin.core.Fixtures.at;
import static org.gridweave.besuplugin.core.Fixtures.part;
import static org.gridweave.besuplugin.core.Fixtures.registered;
import static org.gridweave.besuplugin.core.Fixtures.removed;
import static org.gridweave.besuplugin.core.Fixtures.settled;

import java.util.List;
import java.util.Map;
import org.gridweave.besuplugin.core.Fixtures;
import org.gridweave.besuplugin.core.bridge.FakePublisher.Publication;
import org.junit.jupiter.api.Test;

class SettlementBridgeTest {

  private final FakePublisher publisher = new FakePublisher();
  private final SettlementBridge bridge = new SettlementBridge(publisher);

  @Test
  void publishesASettledIntervalRetainedToItsTopic() {
    bridge.onLog(settled(T0, at(10)));

    assertThat(publisher.retained())
        .isEqualTo(
            Map.of(
                "gridweave/v1/settlement/" + T0,
                "{\"interval_id\":"
                    + T0
                    + ",\"trades_root\":\""
                    + TRADES_ROOT.hex()
                    + "\",\"readings_root\":\""
                    + READINGS_ROOT.hex()
                    + "\",\"parts\":1,\"block_number\":10,\"block_hash\":\""
                    + at(10).blockHash().hex()
                    + "\",\"tx_hash\":\""
                    + at(10).transactionHash().hex()
                    + "\",\"log_index\":0}"));
    assertThat(bridge.publications()).isEqualTo(1);
  }

  @Test
  void publishesNeitherPartsNorRegistrations() {
    bridge.onLog(part(T0, 0, 2, List.of(), at(10)));
    bridge.onLog(registered(1, Fixtures.OPERATOR, at(9)));

    assertThat(publisher.publications()).isEmpty();
  }

  @Test
  void neverPublishesARemovedLog() {
    bridge.onLog(removed(settled(T0, at(10))));

    assertThat(publisher.publications()).isEmpty();
  }

  @Test
  void clearsTheRetainedMessageWhenItsLogIsRemoved() {
    // Given a published settlement
    bridge.onLog(settled(T0, at(10)));

    // When a re-org removes its log
    bridge.onLog(removed(settled(T0, at(10))));

    // Then an empty retained publication clears it
    assertThat(publisher.publications())
        .last()
        .isEqualTo(new Publication("gridweave/v1/settlement/" + T0, ""));
    assertThat(publisher.retained()).isEmpty();
    assertThat(bridge.clearances()).isEqualTo(1);
  }

  @Test
  void republishesWhenTheTransactionIsIncludedAgain() {
    bridge.onLog(settled(T0, at(10, "a")));
    bridge.onLog(removed(settled(T0, at(10, "a"))));

    bridge.onLog(settled(T0, at(11, "b")));

    assertThat(publisher.retained().get("gridweave/v1/settlement/" + T0))
        .contains("\"block_number\":11");
  }

  @Test
  void keepsTheIntervalPublishedWhenTheNewBlockArrivesBeforeTheOldOneIsRemoved() {
    bridge.onLog(settled(T0, at(10, "a")));
    bridge.onLog(settled(T0, at(11, "b")));

    bridge.onLog(removed(settled(T0, at(10, "a"))));

    assertThat(publisher.retained().get("gridweave/v1/settlement/" + T0))
        .contains("\"block_hash\":\"" + at(11, "b").blockHash().hex());
    assertThat(bridge.clearances()).isZero();
  }

  @Test
  void leavesOtherIntervalsAloneOnARemoval() {
    bridge.onLog(settled(T0, at(10)));
    bridge.onLog(settled(T0 + 900, at(11)));

    bridge.onLog(removed(settled(T0 + 900, at(11))));

    assertThat(publisher.retained()).containsOnlyKeys("gridweave/v1/settlement/" + T0);
  }

  @Test
  void remembersOnlyTheLatestIntervalsItPublished() {
    SettlementBridge small = new SettlementBridge(publisher, 3);
    for (int i = 0; i < 10; i++) {
      small.onLog(settled(T0 + 900L * i, at(10 + i)));
    }

    assertThat(small.remembered()).isEqualTo(3);
    assertThat(small.publications()).isEqualTo(10);
  }

  @Test
  void aRemovedLogOfAForgottenIntervalLeavesItsRetainedMessage() {
    SettlementBridge small = new SettlementBridge(publisher, 2);
    small.onLog(settled(T0, at(10)));
    small.onLog(settled(T0 + 900, at(11)));
    small.onLog(settled(T0 + 1_800, at(12)));

    small.onLog(removed(settled(T0, at(10))));

    assertThat(publisher.retained()).containsKey("gridweave/v1/settlement/" + T0);
    assertThat(small.clearances()).isZero();
  }

  @Test
  void aRemovedLogOfARememberedIntervalStillClearsAfterOthersWereForgotten() {
    SettlementBridge small = new SettlementBridge(publisher, 2);
    small.onLog(settled(T0, at(10)));
    small.onLog(settled(T0 + 900, at(11)));
    small.onLog(settled(T0 + 1_800, at(12)));

    small.onLog(removed(settled(T0 + 1_800, at(12))));

    assertThat(publisher.retained()).doesNotContainKey("gridweave/v1/settlement/" + (T0 + 1_800));
    assertThat(small.clearances()).isEqualTo(1);
  }

  @Test
  void refusesToRememberNothing() {
    assertThatThrownBy(() -> new SettlementBridge(publisher, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("the bridge remembers at least 1 interval, got 0");
  }
}

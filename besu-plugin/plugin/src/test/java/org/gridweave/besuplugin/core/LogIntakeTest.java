package org.gridweave.besuplugin.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridweave.besuplugin.core.Fixtures.READINGS_ROOT;
import static org.gridweave.besuplugin.core.Fixtures.T0;
import static org.gridweave.besuplugin.core.Fixtures.TRADES_ROOT;
import static org.gridweave.besuplugin.core.Fixtures.at;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;
import org.gridweave.besuplugin.core.bridge.FakePublisher;
import org.gridweave.besuplugin.core.bridge.SettlementBridge;
import org.gridweave.besuplugin.core.index.SettlementIndex;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalSettled;
import org.gridweave.settlement.SettlementAbi;
import org.junit.jupiter.api.Test;

class LogIntakeTest {

  private final SettlementIndex index = new SettlementIndex();
  private final FakePublisher publisher = new FakePublisher();
  private final LogIntake intake =
      new LogIntake(index, Optional.of(new SettlementBridge(publisher)));

  @Test
  void decodesALogAndFeedsTheIndexAndTheBridge() {
    var log = intake.accept(intervalSettledTopics(), intervalSettledData(), at(5), false);

    assertThat(log.orElseThrow().event())
        .isEqualTo(new IntervalSettled(T0, TRADES_ROOT, READINGS_ROOT, 1));
    assertThat(index.isSettled(T0)).isTrue();
    assertThat(publisher.retained()).containsOnlyKeys("gridweave/v1/settlement/" + T0);
  }

  @Test
  void countsAndIgnoresALogThatIsNoSettlementEvent() {
    var log =
        intake.accept(
            List.of(Hash32.keccakUtf8("Transfer(address,address,uint256)")),
            new byte[32],
            at(5),
            false);

    assertThat(log).isEmpty();
    assertThat(intake.undecodable()).isEqualTo(1);
    assertThat(index.logsSeen()).isZero();
    assertThat(publisher.publications()).isEmpty();
  }

  @Test
  void countsALogWhoseDataDoesNotFitItsEvent() {
    var log = intake.accept(intervalSettledTopics(), new byte[5], at(5), false);

    assertThat(log).isEmpty();
    assertThat(intake.undecodable()).isEqualTo(1);
  }

  private static List<Hash32> intervalSettledTopics() {
    return List.of(
        SettlementAbi.INTERVAL_SETTLED_TOPIC,
        Hash32.of(ByteBuffer.allocate(32).putLong(24, T0).array()));
  }

  private static byte[] intervalSettledData() {
    return ByteBuffer.allocate(96)
        .put(TRADES_ROOT.bytes())
        .put(READINGS_ROOT.bytes())
        .putLong(88, 1)
        .array();
  }
}

package org.gridweave.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SettlementBatchTest {

  private static final Hash32 TRADES = Hash32.keccakUtf8("trades");
  private static final Hash32 READINGS = Hash32.keccakUtf8("readings");

  @Test
  void refusesDeltasThatDoNotSumToZero() {
    assertThatThrownBy(() ->
            new SettlementBatch(900, TRADES, READINGS, List.of(new Delta(1, 5), new Delta(2, -4))))
        .hasMessageContaining("sum to 1 micro-units, not zero");
  }

  @Test
  void aSmallBatchIsOnePartWithTheClearingAccountOnceAndDuplicatesMerged() {
    SettlementBatch batch =
        new SettlementBatch(
            900,
            TRADES,
            READINGS,
            List.of(
                new Delta(2, 300),
                new Delta(1, -500),
                new Delta(2, 100),
                new Delta(3, 0),
                new Delta(0, 100)));

    List<CommitCall> parts = batch.parts(SettlementBatch.DEFAULT_MAX_DELTAS_PER_PART);

    assertThat(parts)
        .containsExactly(
            new CommitCall(
                900,
                TRADES,
                READINGS,
                0,
                1,
                List.of(new Delta(0, 100), new Delta(1, -500), new Delta(2, 400))));
  }

  @Test
  void splitsWithACarryForIndexZeroSoEachPartSumsToZero() {
    // Participants 1..5 gain 10, 20, 30, 40, 50; the clearing account pays 150.
    List<Delta> deltas = new ArrayList<>(List.of(new Delta(0, -150)));
    for (int i = 1; i <= 5; i++) {
      deltas.add(new Delta(i, 10L * i));
    }

    List<CommitCall> parts = new SettlementBatch(900, TRADES, READINGS, deltas).parts(3);

    assertThat(parts).hasSize(3);
    assertThat(parts.get(0).deltas())
        .containsExactly(new Delta(0, -30), new Delta(1, 10), new Delta(2, 20));
    assertThat(parts.get(1).deltas())
        .containsExactly(new Delta(0, -70), new Delta(3, 30), new Delta(4, 40));
    assertThat(parts.get(2).deltas()).containsExactly(new Delta(0, -50), new Delta(5, 50));
    assertThat(parts).allSatisfy(part -> assertThat(part.sumsToZero()).isTrue());
    assertThat(parts).extracting(CommitCall::part).containsExactly(0, 1, 2);
    assertThat(parts).extracting(CommitCall::parts).containsOnly(3);
    assertThat(parts).extracting(CommitCall::tradesRoot).containsOnly(TRADES);
    assertThat(netOverAllParts(parts))
        .isEqualTo(Map.of(0, -150L, 1, 10L, 2, 20L, 3, 30L, 4, 40L, 5, 50L));
  }

  @Test
  void aPartThatAlreadySumsToZeroGetsNoCarry() {
    List<CommitCall> parts =
        new SettlementBatch(
                900,
                TRADES,
                READINGS,
                List.of(new Delta(1, 7), new Delta(2, -7), new Delta(3, 1), new Delta(0, -1)))
            .parts(3);

    assertThat(parts.get(0).deltas()).containsExactly(new Delta(1, 7), new Delta(2, -7));
    assertThat(parts.get(1).deltas()).containsExactly(new Delta(0, -1), new Delta(3, 1));
  }

  @Test
  void aBatchWithoutDeltasIsOneEmptyPart() {
    assertThat(new SettlementBatch(900, Hash32.ZERO, Hash32.ZERO, List.of()).parts(2))
        .containsExactly(new CommitCall(900, Hash32.ZERO, Hash32.ZERO, 0, 1, List.of()));
  }

  @Test
  void refusesMoreThanSixtyFourPartsAndPartsTooSmallForACarry() {
    List<Delta> deltas = new ArrayList<>();
    for (int i = 1; i <= 65; i++) {
      deltas.add(new Delta(i, 1));
    }
    deltas.add(new Delta(0, -65));
    SettlementBatch batch = new SettlementBatch(900, TRADES, READINGS, deltas);

    assertThat(batch.parts(3)).hasSize(33);
    assertThatThrownBy(() -> batch.parts(2)).hasMessageContaining("need 65 parts");
    assertThatThrownBy(() -> batch.parts(1)).hasMessageContaining("at least 2 deltas");
  }

  private static Map<Integer, Long> netOverAllParts(List<CommitCall> parts) {
    Map<Integer, Long> net = new TreeMap<>();
    parts.forEach(
        part -> part.deltas().forEach(d -> net.merge(d.participantIndex(), d.micros(), Long::sum)));
    return net;
  }
}

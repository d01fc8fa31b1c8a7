package org.gridweave.controller.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.gridweave.core.id.SiteId;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.ReadingLeaf;
import org.gridweave.settlement.TradeLeaf;
import org.junit.jupiter.api.Test;

class IntervalBatchTest {
  private static final long INTERVAL = 1_764_151_200L; // 2025-11-26T10:00:00Z
  private static final SiteId A = SiteId.of("site-a");
  private static final SiteId B = SiteId.of("site-b");
  private static final SiteId C = SiteId.of("site-c");
  private static final Account ACC_A = Account.fromHex("0x" + "a1".repeat(20));
  private static final Account ACC_B = Account.fromHex("0x" + "b2".repeat(20));
  private static final Account ACC_C = Account.fromHex("0x" + "c3".repeat(20));
  private static final Map<SiteId, IntervalBatch.Participant> PARTICIPANTS =
      Map.of(
          A, new IntervalBatch.Participant(A, ACC_A, 1),
          B, new IntervalBatch.Participant(B, ACC_B, 2),
          C, new IntervalBatch.Participant(C, ACC_C, 3));

  private static final List<IntervalBatch.Trade> TRADES =
      List.of(
          new IntervalBatch.Trade("t-2", A, C, 200, 110_000),
          new IntervalBatch.Trade("t-1", A, B, 500, 120_000));

  @Test
  void theClearingAccountTakesWhatTheSitesNetsLeaveSoTheBatchSumsToZero() {
    // the statements' nets: A received 82,000, B paid 65,000, C paid 29,000 (fees, penalties)
    IntervalBatch batch =
        IntervalBatch.build(
            INTERVAL,
            TRADES,
            List.of(
                new IntervalBatch.Net(A, 82_000),
                new IntervalBatch.Net(B, -65_000),
                new IntervalBatch.Net(C, -29_000)),
            List.of(),
            PARTICIPANTS);

    assertThat(batch.batch().deltas())
        .containsExactly(
            new Delta(0, 12_000),
            new Delta(1, 82_000),
            new Delta(2, -65_000),
            new Delta(3, -29_000));
    assertThat(batch.readingsRoot()).isEqualTo(Hash32.ZERO);
  }

  @Test
  void everyTradeHasAProofOfItsOwnLeafAgainstTheRoot() {
    IntervalBatch batch = IntervalBatch.build(INTERVAL, TRADES, List.of(), List.of(), PARTICIPANTS);

    IntervalBatch.Proof p = batch.proof("t-1").orElseThrow();

    TradeLeaf expected = new TradeLeaf(INTERVAL, "t-1", ACC_A, ACC_B, 500, 120_000);
    assertThat(p.leaf()).isEqualTo(expected);
    assertThat(p.leafHash()).isEqualTo(expected.hash());
    assertThat(MerkleTree.verify(p.leafHash(), p.proof(), batch.tradesRoot())).isTrue();
    // two leaves: the root is the sorted pair of both leaves' hashes
    Hash32 other = new TradeLeaf(INTERVAL, "t-2", ACC_A, ACC_C, 200, 110_000).hash();
    assertThat(batch.tradesRoot()).isEqualTo(MerkleTree.hashPair(expected.hash(), other));
    Hash32 tampered = new TradeLeaf(INTERVAL, "t-1", ACC_A, ACC_B, 501, 120_000).hash();
    assertThat(MerkleTree.verify(tampered, p.proof(), batch.tradesRoot())).isFalse();
    assertThat(batch.proof("t-9")).isEmpty();
  }

  @Test
  void theSameRowsInAnotherOrderBuildTheSameRoots() {
    IntervalBatch one =
        IntervalBatch.build(
            INTERVAL,
            TRADES,
            List.of(),
            List.of(
                new IntervalBatch.Reading("m-a", 7, new byte[] {1, 2}),
                new IntervalBatch.Reading("m-b", 3, new byte[] {3})),
            PARTICIPANTS);
    IntervalBatch other =
        IntervalBatch.build(
            INTERVAL,
            TRADES.reversed(),
            List.of(),
            List.of(
                new IntervalBatch.Reading("m-b", 3, new byte[] {3}),
                new IntervalBatch.Reading("m-a", 7, new byte[] {1, 2})),
            PARTICIPANTS);

    assertThat(other.tradesRoot()).isEqualTo(one.tradesRoot());
    assertThat(other.readingsRoot()).isEqualTo(one.readingsRoot()).isNotEqualTo(Hash32.ZERO);
  }

  @Test
  void refusesASiteWithoutAChainAccount() {
    SiteId stranger = SiteId.of("site-x");

    assertThatThrownBy(() ->
            IntervalBatch.build(
                INTERVAL,
                List.of(new IntervalBatch.Trade("t-3", stranger, B, 100, 100_000)),
                List.of(),
                List.of(),
                PARTICIPANTS))
        .isInstanceOf(IntervalBatch.UnregisteredSiteException.class)
        .hasMessageContaining("site-x");
  }

  @Test
  void anErasedMetersMessagesKeptAsLeafHashesLeaveTheRootAndTheOtherMetersProofsIntact() {
    List<IntervalBatch.Reading> all =
        List.of(
            new IntervalBatch.Reading("m-a", 7, new byte[] {1, 2}),
            new IntervalBatch.Reading("m-a", 8, new byte[] {4}),
            new IntervalBatch.Reading("m-b", 3, new byte[] {3}));
    IntervalBatch committed = IntervalBatch.build(INTERVAL, TRADES, List.of(), all, PARTICIPANTS);

    // m-a's owner asked for erasure: its messages go, their leaf hashes stay
    List<Hash32> erased =
        List.of(
            new ReadingLeaf("m-a", 7, new byte[] {1, 2}).hash(),
            new ReadingLeaf("m-a", 8, new byte[] {4}).hash());
    IntervalBatch after =
        IntervalBatch.build(
            INTERVAL,
            TRADES,
            List.of(),
            List.of(new IntervalBatch.Reading("m-b", 3, new byte[] {3})),
            erased,
            PARTICIPANTS);

    assertThat(after.readingsRoot()).isEqualTo(committed.readingsRoot());
    IntervalBatch.ReadingProof b = after.readingProofs("m-b").get(0);
    assertThat(MerkleTree.verify(b.leafHash(), b.proof(), committed.readingsRoot())).isTrue();
    assertThat(after.readingProofs("m-a")).isEmpty();
    assertThat(after.readings()).extracting(IntervalBatch.Reading::meterId).containsOnly("m-b");
    // without the kept hashes the root would no longer match what the chain holds
    IntervalBatch dropped =
        IntervalBatch.build(
            INTERVAL,
            TRADES,
            List.of(),
            List.of(new IntervalBatch.Reading("m-b", 3, new byte[] {3})),
            PARTICIPANTS);
    assertThat(dropped.readingsRoot()).isNotEqualTo(committed.readingsRoot());
  }
}

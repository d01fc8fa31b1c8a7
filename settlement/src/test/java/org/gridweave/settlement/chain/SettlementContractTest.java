package org.gridweave.settlement.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.OptionalInt;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.IntervalSettled;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.OperatorAdded;
import org.gridweave.settlement.OperatorRemoved;
import org.gridweave.settlement.ParticipantRegistered;
import org.gridweave.settlement.ReadingLeaf;
import org.gridweave.settlement.SettlementBatch;
import org.gridweave.settlement.SettlementEvent;
import org.gridweave.settlement.TradeLeaf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's rules, through web3j, on a real Anvil chain. */
class SettlementContractTest {

  private static final long INTERVAL_SECONDS = 900;
  private static final String OPERATOR_KEY = Anvil.DEV_PRIVATE_KEYS.get(0);
  private static final String STRANGER_KEY = Anvil.DEV_PRIVATE_KEYS.get(5);
  private static final Account ALICE = Account.fromHex(Anvil.DEV_ADDRESSES.get(1));
  private static final Account BOB = Account.fromHex(Anvil.DEV_ADDRESSES.get(2));
  private static final Account CAROL = Account.fromHex(Anvil.DEV_ADDRESSES.get(3));

  @TempDir static Path dir;
  private static Anvil anvil;
  private SettlementChain chain;

  /** An interval that ended an hour ago (block timestamps follow the wall clock). */
  private final long interval =
      (Instant.now().getEpochSecond() / INTERVAL_SECONDS - 4) * INTERVAL_SECONDS;

  private final TradeLeaf aliceToBob =
      new TradeLeaf(interval, "trade-1", ALICE, BOB, 1_500, 200_000);
  private final TradeLeaf carolToBob = new TradeLeaf(interval, "trade-2", CAROL, BOB, 500, 210_000);
  private final MerkleTree trades = MerkleTree.of(List.of(aliceToBob.hash(), carolToBob.hash()));
  private final Hash32 readingsRoot =
      MerkleTree.of(
              List.of(
                  new ReadingLeaf("meter-a", 1, new byte[] {1}).hash(),
                  new ReadingLeaf("meter-b", 1, new byte[] {2}).hash()))
          .root();

  @BeforeAll
  static void startAnvil() {
    assumeTrue(Anvil.binary().isPresent(), "SKIPPED: NOTICE: " + Anvil.NOT_INSTALLED);
    anvil = Anvil.start(dir, Ports.free());
  }

  @AfterAll
  static void stopAnvil() {
    if (anvil != null) {
      anvil.close();
    }
  }

  @BeforeEach
  void deployAndRegister() {
    chain = SettlementChain.deploy(anvil.rpcUrl(), Anvil.CHAIN_ID, OPERATOR_KEY, INTERVAL_SECONDS);
    TxReceipt registered =
        chain.registerParticipants(
            List.of(ALICE, BOB, CAROL),
            List.of(
                Hash32.keccakUtf8("site-a"),
                Hash32.keccakUtf8("site-b"),
                Hash32.keccakUtf8("site-c")));
    assertThat(registered.events())
        .containsExactly(
            new ParticipantRegistered(1, ALICE, Hash32.keccakUtf8("site-a")),
            new ParticipantRegistered(2, BOB, Hash32.keccakUtf8("site-b")),
            new ParticipantRegistered(3, CAROL, Hash32.keccakUtf8("site-c")));
  }

  @AfterEach
  void close() {
    chain.close();
  }

  /** Alice +300,000, Carol +105,000, Bob -410,000, the clearing account +5,000 in fees. */
  private SettlementBatch batch() {
    return new SettlementBatch(
        interval,
        trades.root(),
        readingsRoot,
        List.of(
            new Delta(1, 300_000),
            new Delta(3, 105_000),
            new Delta(2, -410_000),
            new Delta(0, 5_000)));
  }

  @Test
  void settlesAnIntervalAndVerifiesATradeProvedByTheJavaMerkleTree() {
    List<CommitCall> parts = batch().parts(SettlementBatch.DEFAULT_MAX_DELTAS_PER_PART);
    assertThat(parts).hasSize(1);

    TxReceipt receipt = chain.commit(parts.get(0));

    assertThat(receipt.success()).isTrue();
    assertThat(receipt.events())
        .containsExactly(
            new IntervalPartSettled(interval, 0, 1, parts.get(0).deltas()),
            new IntervalSettled(interval, trades.root(), readingsRoot, 1));
    assertThat(chain.balanceOf(ALICE)).isEqualTo(300_000);
    assertThat(chain.balanceOf(BOB)).isEqualTo(-410_000);
    assertThat(chain.balanceOf(CAROL)).isEqualTo(105_000);
    assertThat(chain.participant(0)).isEqualTo(new Participant(0, chain.sender(), 5_000));
    assertThat(chain.interval(interval))
        .isEqualTo(new IntervalState(trades.root(), readingsRoot, 1, 1, true));
    assertThat(chain.isPartSettled(interval, 0)).isTrue();
    assertThat(chain.verifyTrade(aliceToBob, trades.proof(aliceToBob.hash()))).isTrue();
    assertThat(chain.verifyTrade(carolToBob, trades.proof(carolToBob.hash()))).isTrue();
    assertThat(chain.intervalEvents(interval, 0))
        .extracting(LoggedEvent::event)
        .containsExactlyElementsOf(receipt.events());
    assertThat(chain.intervalEvents(interval, 0))
        .allSatisfy(logged -> assertThat(logged.blockNumber()).isEqualTo(receipt.blockNumber()));
  }

  @Test
  void refusesAnIntervalPartTwiceEvenWhenTheSameSignedTransactionIsSentAgain() {
    CommitCall call = batch().parts(SettlementBatch.DEFAULT_MAX_DELTAS_PER_PART).get(0);
    SignedTransaction signed = chain.signCommit(call, chain.pendingNonce());
    assertThat(chain.awaitReceipt(chain.sendRaw(signed)).success()).isTrue();

    assertThat(chain.sendRaw(signed)).isEqualTo(signed.hash());
    assertThatThrownBy(() -> chain.commit(call))
        .isInstanceOf(ChainRevertException.class)
        .hasMessageContaining("PartAlreadySettled(" + interval + ", 0)");
    assertThat(chain.balanceOf(ALICE)).isEqualTo(300_000);
  }

  @Test
  void refusesANonOperator() {
    CommitCall call = batch().parts(SettlementBatch.DEFAULT_MAX_DELTAS_PER_PART).get(0);
    try (SettlementChain stranger = chain.withSender(STRANGER_KEY)) {
      assertThatThrownBy(() -> stranger.commit(call))
          .isInstanceOfSatisfying(
              ChainRevertException.class,
              e -> assertThat(e.error()).contains("NotOperator(" + stranger.sender().hex() + ")"));
      assertThatThrownBy(() -> stranger.addOperator(stranger.sender()))
          .hasMessageContaining("NotOwner(");
    }
    assertThat(chain.isOperator(chain.withSender(STRANGER_KEY).sender())).isFalse();
  }

  @Test
  void anAddedOperatorMayCommitAndARemovedOneNoLonger() {
    CommitCall call = batch().parts(SettlementBatch.DEFAULT_MAX_DELTAS_PER_PART).get(0);
    SettlementChain second = chain.withSender(STRANGER_KEY);
    assertThat(chain.addOperator(second.sender()).events())
        .containsExactly(new OperatorAdded(second.sender()));
    assertThat(chain.removeOperator(second.sender()).events())
        .containsExactly(new OperatorRemoved(second.sender()));
    assertThatThrownBy(() -> second.commit(call)).hasMessageContaining("NotOperator(");

    chain.addOperator(second.sender());

    assertThat(second.isOperator(second.sender())).isTrue();
    assertThat(second.commit(call).success()).isTrue();
  }

  @Test
  void theOperatorSetCanBeFollowedFromTheLogsAlone() {
    Account deployer = chain.sender();
    Account second = chain.withSender(STRANGER_KEY).sender();

    // Only changes are logged: adding an operator twice or removing a stranger logs nothing.
    assertThat(chain.addOperator(second).events()).containsExactly(new OperatorAdded(second));
    assertThat(chain.addOperator(second).events()).isEmpty();
    assertThat(chain.removeOperator(CAROL).events()).isEmpty();
    assertThat(chain.removeOperator(deployer).events())
        .containsExactly(new OperatorRemoved(deployer));

    List<SettlementEvent> operatorEvents =
        chain.events(0, chain.blockNumber()).stream()
            .map(LoggedEvent::event)
            .filter(e -> e instanceof OperatorAdded || e instanceof OperatorRemoved)
            .toList();
    assertThat(operatorEvents)
        .containsExactly(
            new OperatorAdded(deployer), // the constructor's
            new OperatorAdded(second),
            new OperatorRemoved(deployer));
    assertThat(chain.isOperator(deployer)).isFalse();
    assertThat(chain.isOperator(second)).isTrue();
    // The deployer is still the owner: it may give itself the role back.
    assertThat(chain.addOperator(deployer).events()).containsExactly(new OperatorAdded(deployer));
  }

  @Test
  void theDeploymentLogsTheDeployerAsOperatorAndParticipantZero() {
    List<LoggedEvent> logged = chain.events(0, chain.blockNumber());
    long deployedAt = logged.get(0).blockNumber();

    assertThat(logged)
        .filteredOn(e -> e.blockNumber() == deployedAt)
        .extracting(LoggedEvent::event)
        .containsExactly(
            new OperatorAdded(chain.sender()),
            new ParticipantRegistered(0, chain.sender(), Hash32.ZERO));
  }

  @Test
  void refusesDeltasThatDoNotSumToZero() {
    CommitCall unbalanced =
        new CommitCall(
            interval,
            trades.root(),
            readingsRoot,
            0,
            1,
            List.of(new Delta(1, 10), new Delta(2, -9)));

    assertThatThrownBy(() -> chain.commit(unbalanced))
        .isInstanceOfSatisfying(
            ChainRevertException.class, e -> assertThat(e.error()).contains("NonZeroSum(1)"));
  }

  @Test
  void refusesAnUnregisteredParticipant() {
    CommitCall call =
        new CommitCall(
            interval,
            trades.root(),
            readingsRoot,
            0,
            1,
            List.of(new Delta(99, 10), new Delta(0, -10)));

    assertThatThrownBy(() -> chain.commit(call)).hasMessageContaining("UnknownParticipant(99)");
    assertThatThrownBy(() -> chain.participant(99)).hasMessageContaining("UnknownParticipant(99)");
  }

  @Test
  void refusesAnIntervalThatHasNotEndedOrIsNotAligned() {
    long current = Instant.now().getEpochSecond() / INTERVAL_SECONDS * INTERVAL_SECONDS;

    assertThatThrownBy(() ->
            chain.commit(new CommitCall(current, trades.root(), readingsRoot, 0, 1, List.of())))
        .hasMessageContaining("IntervalNotEnded(" + current + ", " + (current + INTERVAL_SECONDS));
    assertThatThrownBy(() ->
            chain.commit(
                new CommitCall(interval + 1, trades.root(), readingsRoot, 0, 1, List.of())))
        .hasMessageContaining("IntervalNotAligned(" + (interval + 1) + ", 900)");
  }

  @Test
  void aProofOfAnotherTradeOrATamperedTradeIsFalse() {
    chain.commit(batch().parts(SettlementBatch.DEFAULT_MAX_DELTAS_PER_PART).get(0));
    TradeLeaf inflated = new TradeLeaf(interval, "trade-1", ALICE, BOB, 15_000, 200_000);

    assertThat(chain.verifyTrade(inflated, trades.proof(aliceToBob.hash()))).isFalse();
    assertThat(chain.verifyTrade(aliceToBob, trades.proof(carolToBob.hash()))).isFalse();
    assertThat(chain.verifyTrade(aliceToBob, List.of())).isFalse();
  }

  @Test
  void aMultiPartIntervalSettlesWithItsLastPartAndRefusesForeignParts() {
    List<CommitCall> parts = batch().parts(2); // one participant and a carry per part
    assertThat(parts).hasSize(3);

    TxReceipt last = chain.commit(parts.get(2));
    assertThat(last.events()).hasSize(1);
    assertThat(chain.interval(interval))
        .isEqualTo(new IntervalState(trades.root(), readingsRoot, 3, 1, false));
    assertThat(chain.verifyTrade(aliceToBob, trades.proof(aliceToBob.hash()))).isFalse();

    CommitCall otherRoots =
        new CommitCall(
            interval, Hash32.keccakUtf8("other"), readingsRoot, 1, 3, parts.get(1).deltas());
    assertThatThrownBy(() -> chain.commit(otherRoots))
        .hasMessageContaining("RootsMismatch(" + interval + ")");
    CommitCall otherCount =
        new CommitCall(interval, trades.root(), readingsRoot, 1, 4, parts.get(1).deltas());
    assertThatThrownBy(() -> chain.commit(otherCount))
        .hasMessageContaining("PartsMismatch(" + interval + ", 3, 4)");

    chain.commit(parts.get(0));
    TxReceipt settling = chain.commit(parts.get(1));

    assertThat(settling.events())
        .contains(new IntervalSettled(interval, trades.root(), readingsRoot, 3));
    assertThat(chain.interval(interval).settled()).isTrue();
    assertThat(chain.verifyTrade(aliceToBob, trades.proof(aliceToBob.hash()))).isTrue();
    assertThat(chain.balanceOf(BOB)).isEqualTo(-410_000);
    assertThat(chain.participant(0).balanceMicros()).isEqualTo(5_000);
  }

  @Test
  void registersAnAccountOnce() {
    assertThat(chain.participantCount()).isEqualTo(4);
    assertThat(chain.indexOf(BOB)).isEqualTo(OptionalInt.of(2));
    assertThat(chain.indexOf(chain.withSender(STRANGER_KEY).sender())).isEmpty();

    assertThatThrownBy(() -> chain.registerParticipants(List.of(BOB), List.of(Hash32.ZERO)))
        .hasMessageContaining("AlreadyRegistered(" + BOB.hex() + ", 2)");
    assertThatThrownBy(() -> chain.registerParticipants(List.of(BOB), List.of()))
        .hasMessageContaining("LengthMismatch(1, 0)");
  }
}

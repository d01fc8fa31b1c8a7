package org.gridweave.controller.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.gridweave.controller.settlement.SettlementOutbox.Status;
import org.junit.jupiter.api.Test;

/** The ledger client's exactly-once state machine against a fake chain (our own port). */
class LedgerClientTest {
  private static final long T1 = 1_700_000_000L;
  private static final long T2 = T1 + 900;

  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private final FakeLedger chain = new FakeLedger();

  private LedgerClient client() {
    return new LedgerClient(outbox, chain, Duration.ZERO);
  }

  private void twoIntervals() {
    outbox.add(T1, 0, 1, FakeLedger.calldata(T1, 0));
    outbox.add(T2, 0, 2, FakeLedger.calldata(T2, 0));
    outbox.add(T2, 1, 2, FakeLedger.calldata(T2, 1));
  }

  @Test
  void settlesEveryPartInOrderWithOneTransactionEach() {
    twoIntervals();

    LedgerClient.Pass pass = client().settle();

    assertThat(pass.settled()).isEqualTo(3);
    assertThat(pass.stoppedBecause()).isEmpty();
    assertThat(outbox.open()).isEmpty();
    assertThat(chain.minedSettlements).hasSize(3);
    assertThat(chain.sentHashes).hasSize(3);
  }

  @Test
  void aCrashBetweenSubmitAndReceiptNeitherSettlesTwiceNorSkips() {
    twoIntervals();
    chain.crashAfterSend = true;

    assertThatThrownBy(() -> client().settle()).hasMessageContaining("crashed after sending");
    assertThat(outbox.get(T1, 0).status()).isEqualTo(Status.SIGNED);

    chain.crashAfterSend = false;
    LedgerClient.Pass afterRestart = client().settle();

    assertThat(afterRestart.settled()).isEqualTo(3);
    assertThat(chain.minedSettlements).hasSize(3); // T1 once, from the first client's send
    assertThat(chain.signedHashes).hasSize(3); // the restarted client did not sign T1 again
    assertThat(outbox.get(T1, 0).txHash()).contains(chain.minedSettlements.get(0));
  }

  @Test
  void aTransactionStillInThePoolIsResentAsTheSameTransaction() {
    outbox.add(T1, 0, 1, FakeLedger.calldata(T1, 0));
    chain.holdMining = true;

    LedgerClient.Pass first = client().settle();
    assertThat(first.settled()).isZero();
    assertThat(first.stoppedBecause()).get().asString().contains("no receipt yet");

    LedgerClient.Pass second = client().settle(); // a restart while the node still holds it
    assertThat(second.settled()).isZero();
    chain.mine();
    LedgerClient.Pass third = client().settle();

    assertThat(third.settled()).isEqualTo(1);
    assertThat(chain.signedHashes).hasSize(1);
    assertThat(chain.sentHashes).hasSize(2).containsOnly(chain.signedHashes.get(0));
    assertThat(chain.minedSettlements).hasSize(1);
  }

  @Test
  void signsAgainOnlyWhenItsNonceWasTakenAndThePartIsStillMissing() {
    outbox.add(T1, 0, 1, FakeLedger.calldata(T1, 0));
    chain.holdMining = true;
    client().settle(); // signed and sent, never mined
    chain.mineOtherTransaction(); // the node dropped it; another transaction took its nonce
    chain.holdMining = false;

    LedgerClient.Pass pass = client().settle();

    assertThat(pass.settled()).isEqualTo(1);
    assertThat(chain.signedHashes).hasSize(2).doesNotHaveDuplicates();
    assertThat(chain.minedSettlements).hasSize(1);
  }

  @Test
  void aChainOutageLeavesEverythingPendingAndTheNextPassCatchesUp() {
    twoIntervals();
    chain.unavailable = true;

    assertThatThrownBy(() -> client().settle())
        .isInstanceOf(SettlementLedger.ChainUnavailableException.class);
    assertThat(outbox.open()).hasSize(3);

    chain.unavailable = false;
    assertThat(client().settle().settled()).isEqualTo(3);
    assertThat(chain.minedSettlements).hasSize(3);
  }

  @Test
  void aPartTheContractAlreadyHoldsIsMarkedFromTheChainNotSentAgain() {
    outbox.add(T1, 0, 1, FakeLedger.calldata(T1, 0));
    FakeLedger.SignedTx elsewhere = chain.sign(FakeLedger.calldata(T1, 0), 0);
    chain.send(elsewhere); // e.g. a client whose outbox row was lost after it sent

    LedgerClient.Pass pass = client().settle();

    assertThat(pass.settled()).isEqualTo(1);
    assertThat(chain.sentHashes).containsExactly(elsewhere.hash());
    assertThat(outbox.get(T1, 0).txHash()).contains(elsewhere.hash());
  }

  @Test
  void aRefusedPartStopsThePassSoLaterIntervalsWait() {
    twoIntervals();
    chain.refused.add(T1 + ":0");

    LedgerClient.Pass pass = client().settle();

    assertThat(pass.settled()).isZero();
    assertThat(pass.stoppedBecause()).get().asString().contains("DeltasDoNotSumToZero");
    assertThat(outbox.get(T1, 0).status()).isEqualTo(Status.FAILED);
    assertThat(outbox.get(T2, 0).status()).isEqualTo(Status.PENDING);
    assertThat(client().settle().stoppedBecause()).get().asString().contains("was refused");
  }

  @Test
  void anIntervalTheChainsClockHasNotSeenEndWaitsWithoutFailing() {
    twoIntervals();
    chain.intervalsNotEnded = true;

    LedgerClient.Pass early = client().settle();

    assertThat(early.settled()).isZero();
    assertThat(early.stoppedBecause()).get().asString().contains("not yet");
    assertThat(outbox.get(T1, 0).status()).isEqualTo(Status.PENDING);
    chain.intervalsNotEnded = false;
    assertThat(client().settle().settled()).isEqualTo(3);
  }

  @Test
  void itsOwnTransactionMinedWhileItLooksIsSettledNotSignedAgain() {
    outbox.add(T1, 0, 1, FakeLedger.calldata(T1, 0));
    chain.holdMining = true;
    client().settle(); // sent, still in the pool (the client crashed before its receipt)
    chain.minesWhenAskedForTheNonce = true; // mined after "is it settled?", before "nonce?"

    LedgerClient.Pass pass = client().settle();

    assertThat(pass.settled()).isEqualTo(1);
    assertThat(pass.stoppedBecause()).isEmpty();
    assertThat(chain.signedHashes).hasSize(1);
    assertThat(chain.minedSettlements).hasSize(1);
    assertThat(outbox.get(T1, 0).status()).isEqualTo(Status.SETTLED);
  }

  @Test
  void aStoredTransactionStuckBehindANonceGapIsSignedAgain() {
    outbox.add(T1, 0, 1, FakeLedger.calldata(T1, 0));
    // signed at nonce 7 by an earlier run; the node has since lost the blocks and pool before it
    outbox.signed(T1, 0, 7, "0xlost", "lost".getBytes(java.nio.charset.StandardCharsets.UTF_8));

    LedgerClient.Pass pass = client().settle();

    assertThat(pass.settled()).isEqualTo(1);
    assertThat(chain.sentHashes).doesNotContain("0xlost");
    assertThat(chain.minedSettlements).hasSize(1);
  }

  @Test
  void aPartMarkedRefusedThatIsOnChainAfterAllIsMarkedSettled() {
    outbox.add(T1, 0, 1, FakeLedger.calldata(T1, 0));
    outbox.failed(T1, 0, "a refusal recorded by an earlier run");
    chain.send(chain.sign(FakeLedger.calldata(T1, 0), 0));

    assertThat(client().settle().settled()).isEqualTo(1);
    assertThat(outbox.get(T1, 0).status()).isEqualTo(Status.SETTLED);
  }
}

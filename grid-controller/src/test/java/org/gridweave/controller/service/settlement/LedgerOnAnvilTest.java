package org.gridweave.controller.service.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.controller.settlement.InMemoryOutbox;
import org.gridweave.controller.settlement.IntervalBatch;
import org.gridweave.controller.settlement.LedgerClient;
import org.gridweave.controller.settlement.SettlementLedger;
import org.gridweave.controller.settlement.SettlementOutbox.Status;
import org.gridweave.core.id.SiteId;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.chain.LoggedEvent;
import org.gridweave.settlement.chain.SettlementChain;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ledger client on a real Anvil chain with the real contract: exactly once under a crash
 * between submit and receipt, and under a chain outage.
 */
class LedgerOnAnvilTest {
  private static final long STEP = 900;
  private static final SiteId A = SiteId.of("site-a");
  private static final SiteId B = SiteId.of("site-b");

  @TempDir static Path dir;
  private static Anvil anvil;

  private ChainLedger ledger;
  private SettlementChain reader;
  private final InMemoryOutbox outbox = new InMemoryOutbox();
  private Map<SiteId, IntervalBatch.Participant> participants;

  /** Two intervals that ended an hour ago. */
  private final long first = (Instant.now().getEpochSecond() / STEP - 5) * STEP;

  private final long second = first + STEP;

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
  void deployRegisterAndBuild() {
    String operator = Anvil.DEV_PRIVATE_KEYS.get(0);
    ledger = ChainLedger.connect(anvil.rpcUrl(), operator);
    Account contract = ledger.deploy(STEP);
    Account a = SettlementService.newAccount();
    Account b = SettlementService.newAccount();
    ledger.register(
        List.of(a, b), List.of(Hash32.keccakUtf8("site-a"), Hash32.keccakUtf8("site-b")));
    participants =
        Map.of(
            A, new IntervalBatch.Participant(A, a, ledger.indexOf(a).getAsInt()),
            B, new IntervalBatch.Participant(B, b, ledger.indexOf(b).getAsInt()));
    reader = SettlementChain.connect(anvil.rpcUrl(), Anvil.CHAIN_ID, operator, contract);
    for (long interval : List.of(first, second)) {
      IntervalBatch batch =
          IntervalBatch.build(
              interval,
              List.of(new IntervalBatch.Trade("t-" + interval, A, B, 1_000, 150_000)),
              List.of(new IntervalBatch.Net(A, 150_000), new IntervalBatch.Net(B, -160_000)),
              List.of(),
              participants);
      for (CommitCall c : batch.batch().parts(2)) { // two parts per interval: A, then B
        outbox.add(interval, c.part(), c.parts(), c.encode());
      }
    }
  }

  @AfterEach
  void close() {
    if (anvil != null && !anvil.isAlive()) {
      anvil.restart();
    }
    if (ledger != null) {
      ledger.close();
    }
    if (reader != null) {
      reader.close();
    }
  }

  private LedgerClient client(SettlementLedger chain) {
    return new LedgerClient(outbox, chain, Duration.ofSeconds(10));
  }

  private long partsSettledOnChain() {
    return reader.events(0, reader.blockNumber()).stream()
        .map(LoggedEvent::event)
        .filter(e -> e instanceof IntervalPartSettled)
        .count();
  }

  @Test
  void aCrashBetweenSubmitAndReceiptSettlesEveryPartOnce() {
    SettlementLedger crashesAfterTheFirstSend = new CrashAfterSend(ledger);

    assertThatThrownBy(() -> client(crashesAfterTheFirstSend).settle())
        .hasMessageContaining("crashed");
    assertThat(outbox.get(first, 0).status()).isEqualTo(Status.SIGNED);

    LedgerClient.Pass restarted = client(ledger).settle();

    assertThat(restarted.stoppedBecause()).isEmpty();
    assertThat(restarted.settled()).isEqualTo(4);
    assertThat(partsSettledOnChain()).isEqualTo(4);
    assertThat(outbox.open()).isEmpty();
    assertThat(reader.interval(first).settled()).isTrue();
    assertThat(reader.interval(second).settled()).isTrue();
    // each interval once: A +150,000, B -160,000 per interval, nothing doubled
    assertThat(reader.balanceOf(participants.get(A).account())).isEqualTo(300_000);
    assertThat(reader.balanceOf(participants.get(B).account())).isEqualTo(-320_000);
    assertThat(outbox.get(first, 0).txHash().orElseThrow())
        .isEqualTo(
            reader.intervalEvents(first, 0).stream()
                .filter(e -> e.event() instanceof IntervalPartSettled p && p.part() == 0)
                .findFirst()
                .orElseThrow()
                .txHash()
                .hex());
  }

  @Test
  void aChainOutageLeavesThePartsPendingAndTheClientCatchesUpWhenItIsBack() {
    client(ledger).settle();
    assertThat(partsSettledOnChain()).isEqualTo(4);
    // a third interval arrives while the chain is down
    long third = second + STEP;
    IntervalBatch batch =
        IntervalBatch.build(
            third,
            List.of(new IntervalBatch.Trade("t-3", B, A, 500, 140_000)),
            List.of(new IntervalBatch.Net(B, 70_000), new IntervalBatch.Net(A, -70_000)),
            List.of(),
            participants);
    CommitCall only = batch.batch().parts(2000).get(0);
    outbox.add(third, 0, 1, only.encode());
    anvil.stop();

    assertThatThrownBy(() -> client(ledger).settle())
        .isInstanceOf(SettlementLedger.ChainUnavailableException.class);
    assertThat(outbox.get(third, 0).status()).isEqualTo(Status.PENDING);

    anvil.restart();
    LedgerClient.Pass back = client(ledger).settle();

    assertThat(back.settled()).isEqualTo(1);
    assertThat(partsSettledOnChain()).isEqualTo(5);
    assertThat(reader.balanceOf(participants.get(A).account())).isEqualTo(230_000);
  }

  @Test
  void aSettledPartIsFoundInLogsThreeLogWindowsBehindTheLatestBlock() throws Exception {
    long built = ledger.blockNumber();
    client(ledger).settle();
    String sent = outbox.get(first, 0).txHash().orElseThrow();
    // 2,500 blocks later, a client that never saw its transaction (e.g. the row was restored
    // from a backup taken before the send) looks for the part: three windows of <= 1,000 blocks
    for (int i = 0; i < 10; i++) {
      anvil.rpc("anvil_mine", "[\"0xfa\"]"); // 250 blocks per call: each call answers quickly
    }

    Optional<SettlementLedger.Inclusion> found =
        ledger.inclusion(first, 0, Optional.empty(), built);

    assertThat(found).isPresent();
    assertThat(found.get().txHash()).isEqualTo(sent);
    assertThat(reader.blockNumber() - found.get().block()).isGreaterThan(2000);
    assertThat(ledger.inclusion(first, 0, Optional.of(sent), built)).isEqualTo(found);
  }

  /** The operator's process dies right after the node accepted its first transaction. */
  private static final class CrashAfterSend implements SettlementLedger {
    private final SettlementLedger delegate;

    CrashAfterSend(SettlementLedger delegate) {
      this.delegate = delegate;
    }

    @Override
    public boolean isPartSettled(long intervalId, int part) {
      return delegate.isPartSettled(intervalId, part);
    }

    @Override
    public Optional<Inclusion> inclusion(
        long intervalId, int part, Optional<String> sentTx, long fromBlock) {
      return delegate.inclusion(intervalId, part, sentTx, fromBlock);
    }

    @Override
    public long blockNumber() {
      return delegate.blockNumber();
    }

    @Override
    public long minedNonce() {
      return delegate.minedNonce();
    }

    @Override
    public long pendingNonce() {
      return delegate.pendingNonce();
    }

    @Override
    public SignedTx sign(byte[] calldata, long nonce) {
      return delegate.sign(calldata, nonce);
    }

    @Override
    public void send(SignedTx tx) {
      delegate.send(tx);
      throw new IllegalStateException("crashed after sending " + tx.hash());
    }

    @Override
    public Optional<Receipt> awaitReceipt(String txHash, Duration timeout) {
      return delegate.awaitReceipt(txHash, timeout);
    }
  }
}

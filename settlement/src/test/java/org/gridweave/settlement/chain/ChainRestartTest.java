package org.gridweave.settlement.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalPartSettled;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ledger client's reconciliation relies on when the chain goes away and comes back. */
class ChainRestartTest {

  private static final long INTERVAL_SECONDS = 900;
  private static final Account ALICE = Account.fromHex(Anvil.DEV_ADDRESSES.get(1));

  @TempDir Path dir;
  private Anvil anvil;
  private SettlementChain chain;
  private final long interval =
      (Instant.now().getEpochSecond() / INTERVAL_SECONDS - 2) * INTERVAL_SECONDS;
  private CommitCall call;

  @BeforeEach
  void startChain() {
    assumeTrue(Anvil.binary().isPresent(), "SKIPPED: NOTICE: " + Anvil.NOT_INSTALLED);
    anvil = Anvil.start(dir, Ports.free());
    chain =
        SettlementChain.deploy(
            anvil.rpcUrl(), Anvil.CHAIN_ID, Anvil.DEV_PRIVATE_KEYS.get(0), INTERVAL_SECONDS);
    chain.registerParticipants(List.of(ALICE), List.of(Hash32.keccakUtf8("site-a")));
    call =
        new CommitCall(
            interval,
            Hash32.keccakUtf8("trades"),
            Hash32.ZERO,
            0,
            1,
            List.of(new Delta(0, -70), new Delta(1, 70)));
  }

  @AfterEach
  void stopChain() {
    if (chain != null) {
      chain.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  @Test
  void aGracefulRestartKeepsTheSettledPartItsReceiptAndItsLog() {
    TxReceipt receipt = chain.commit(call);

    anvil.restart();

    assertThat(chain.isPartSettled(interval, 0)).isTrue();
    assertThat(chain.balanceOf(ALICE)).isEqualTo(70);
    assertThat(chain.receipt(receipt.txHash())).contains(receipt);
    assertThat(chain.intervalEvents(interval, 0))
        .extracting(LoggedEvent::event)
        .contains(new IntervalPartSettled(interval, 0, 1, call.deltas()));
    assertThatThrownBy(() -> chain.commit(call)).hasMessageContaining("PartAlreadySettled");
  }

  @Test
  void aDownChainIsUnavailableAndASignedTransactionWaitsForIt() {
    SignedTransaction signed = chain.signCommit(call, chain.pendingNonce());
    // An outage as a node has one: it keeps its blocks (kill() would also drop Anvil's last
    // second).
    anvil.stop();

    assertThatThrownBy(() -> chain.sendRaw(signed)).isInstanceOf(ChainUnavailableException.class);
    assertThatThrownBy(() -> chain.isPartSettled(interval, 0))
        .isInstanceOf(ChainUnavailableException.class);

    anvil.restart();

    assertThat(chain.awaitReceipt(chain.sendRaw(signed)).success()).isTrue();
    assertThat(chain.isPartSettled(interval, 0)).isTrue();
  }
}

package org.gridweave.settlement.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
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
import org.gridweave.settlement.IntervalSettled;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.SettlementBatch;
import org.gridweave.settlement.TradeLeaf;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SettlementChain#reader}: reads like a sender's client, sends nothing, names no contract.
 */
class ReadOnlyChainTest {

  private static final long INTERVAL_SECONDS = 900;
  private static final String OPERATOR_KEY = Anvil.DEV_PRIVATE_KEYS.get(0);
  private static final Account ALICE = Account.fromHex(Anvil.DEV_ADDRESSES.get(1));
  private static final Account BOB = Account.fromHex(Anvil.DEV_ADDRESSES.get(2));

  /** An interval that ended an hour ago (block timestamps follow the wall clock). */
  private static final long INTERVAL =
      (Instant.now().getEpochSecond() / INTERVAL_SECONDS - 4) * INTERVAL_SECONDS;

  private static final TradeLeaf TRADE =
      new TradeLeaf(INTERVAL, "trade-1", ALICE, BOB, 1_500, 200_000);
  private static final MerkleTree TRADES =
      MerkleTree.of(List.of(TRADE.hash(), Hash32.keccakUtf8("another trade")));
  private static final Hash32 READINGS_ROOT = Hash32.keccakUtf8("readings");

  @TempDir static Path dir;
  private static Anvil anvil;
  private static SettlementChain operator;
  private static TxReceipt committed;

  @BeforeAll
  static void settleAnInterval() {
    assumeTrue(Anvil.binary().isPresent(), "SKIPPED: NOTICE: " + Anvil.NOT_INSTALLED);
    anvil = Anvil.start(dir, Ports.free());
    operator =
        SettlementChain.deploy(anvil.rpcUrl(), Anvil.CHAIN_ID, OPERATOR_KEY, INTERVAL_SECONDS);
    operator.registerParticipants(
        List.of(ALICE, BOB), List.of(Hash32.keccakUtf8("site-a"), Hash32.keccakUtf8("site-b")));
    CommitCall call =
        new SettlementBatch(
                INTERVAL,
                TRADES.root(),
                READINGS_ROOT,
                List.of(new Delta(1, 300_000), new Delta(2, -303_000), new Delta(0, 3_000)))
            .parts(SettlementBatch.DEFAULT_MAX_DELTAS_PER_PART)
            .get(0);
    committed = operator.commit(call);
  }

  @AfterAll
  static void stop() {
    if (operator != null) {
      operator.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  @Test
  void readsWhatTheOperatorCommitted() {
    try (SettlementChain reader = SettlementChain.reader(anvil.rpcUrl(), operator.contract())) {
      assertThat(reader.isReadOnly()).isTrue();
      assertThat(reader.contract()).isEqualTo(operator.contract());
      assertThat(reader.interval(INTERVAL))
          .isEqualTo(new IntervalState(TRADES.root(), READINGS_ROOT, 1, 1, true));
      assertThat(reader.isPartSettled(INTERVAL, 0)).isTrue();
      assertThat(reader.verifyTrade(TRADE, TRADES.proof(TRADE.hash()))).isTrue();
      assertThat(reader.verifyTrade(TRADE, List.of())).isFalse();
      assertThat(reader.balanceOf(ALICE)).isEqualTo(300_000);
      assertThat(reader.participant(0)).isEqualTo(new Participant(0, operator.sender(), 3_000));
      assertThat(reader.indexOf(BOB)).isEqualTo(OptionalInt.of(2));
      assertThat(reader.participantCount()).isEqualTo(3);
      assertThat(reader.isOperator(operator.sender())).isTrue();
      assertThat(reader.intervalEvents(INTERVAL, 0))
          .extracting(LoggedEvent::event)
          .last()
          .isEqualTo(new IntervalSettled(INTERVAL, TRADES.root(), READINGS_ROOT, 1));
      assertThat(reader.receipt(committed.txHash())).contains(committed);
      assertThat(reader.blockNumber()).isGreaterThanOrEqualTo(committed.blockNumber());
    }
    assertThat(operator.isReadOnly()).isFalse();
  }

  @Test
  void refusesEverythingThatSignsOrSendsAndSaysWhy() {
    CommitCall call =
        new CommitCall(INTERVAL + INTERVAL_SECONDS, TRADES.root(), READINGS_ROOT, 0, 1, List.of());
    SignedTransaction signed = operator.signCommit(call, operator.pendingNonce());
    try (SettlementChain reader = SettlementChain.reader(anvil.rpcUrl(), operator.contract())) {
      List<Executable> sending =
          List.of(
              () -> reader.commit(call),
              () -> reader.signCommit(call, 0),
              () -> reader.sign(operator.contract(), new byte[0], 0, BigInteger.ONE, 21_000),
              () -> reader.sendRaw(signed),
              () -> reader.addOperator(ALICE),
              () -> reader.removeOperator(ALICE),
              () -> reader.registerParticipants(List.of(ALICE), List.of(Hash32.ZERO)),
              () -> reader.pendingNonce(),
              () -> reader.estimateGas(operator.contract(), new byte[0], "a call"),
              () -> reader.sender(),
              () -> reader.chainId(),
              () -> reader.withSender(OPERATOR_KEY));
      for (Executable attempt : sending) {
        assertThatThrownBy(attempt::execute)
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("needs a sender, and this client of " + operator.contract().hex())
            .hasMessageContaining("is read-only (SettlementChain.reader holds no key");
      }
      assertThatThrownBy(() -> reader.commit(call)).hasMessageStartingWith("commit needs a sender");
    }
    assertThat(operator.receipt(signed.hash())).isEmpty();
  }

  @Test
  void anAddressWithoutCodeIsNoContract() {
    Account nobody = Account.fromHex(Anvil.DEV_ADDRESSES.get(7));

    assertThatThrownBy(() -> SettlementChain.reader(anvil.rpcUrl(), nobody))
        .isInstanceOfSatisfying(
            NoContractException.class, e -> assertThat(e.address()).isEqualTo(nobody))
        .hasMessage(
            "no contract at "
                + nobody.hex()
                + " on "
                + anvil.rpcUrl()
                + " (eth_getCode is empty): a wrong address, another chain, or a chain reset"
                + " since the contract was deployed");
  }

  @Test
  void aContractWhoseCodeWentAwayIsNoContract() throws Exception {
    try (SettlementChain other =
            SettlementChain.deploy(anvil.rpcUrl(), Anvil.CHAIN_ID, OPERATOR_KEY, INTERVAL_SECONDS);
        SettlementChain reader = SettlementChain.reader(anvil.rpcUrl(), other.contract())) {
      // Given a reader of a contract, when the chain no longer has its code
      setCode(other.contract(), "0x");

      // Then a view says so instead of decoding nothing
      assertThatThrownBy(() -> reader.interval(INTERVAL))
          .isInstanceOf(NoContractException.class)
          .hasMessageStartingWith("no contract at " + other.contract().hex());
      assertThatThrownBy(() -> other.balanceOf(ALICE)).isInstanceOf(NoContractException.class);
    }
  }

  @Test
  void aContractThatAnswersAViewWithNoDataIsNotTheSettlementContract() throws Exception {
    try (SettlementChain other =
            SettlementChain.deploy(anvil.rpcUrl(), Anvil.CHAIN_ID, OPERATOR_KEY, INTERVAL_SECONDS);
        SettlementChain reader = SettlementChain.reader(anvil.rpcUrl(), other.contract())) {
      // Given code that stops at once (STOP): every call succeeds with no return data
      setCode(other.contract(), "0x00");

      assertThatThrownBy(() -> reader.verifyTrade(TRADE, List.of()))
          .isExactlyInstanceOf(ChainException.class)
          .hasMessage(
              "the contract at "
                  + other.contract().hex()
                  + " on "
                  + anvil.rpcUrl()
                  + " answered verifyTrade with no data: it is not an EnergySettlement contract");
    }
  }

  @Test
  void aNodeThatDoesNotAnswerIsUnavailable() {
    String nowhere = "http://127.0.0.1:" + Ports.free();

    assertThatThrownBy(() -> SettlementChain.reader(nowhere, operator.contract()))
        .isInstanceOf(ChainUnavailableException.class)
        .hasMessageStartingWith("eth_getCode: the node did not answer");
  }

  private static void setCode(Account address, String code) throws Exception {
    String answer = anvil.rpc("anvil_setCode", "[\"" + address.hex() + "\",\"" + code + "\"]");
    assertThat(answer).contains("\"result\"");
  }
}

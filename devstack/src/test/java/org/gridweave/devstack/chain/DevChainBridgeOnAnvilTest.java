package org.gridweave.devstack.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gridweave.firmware.settlement.FinalisedInterval;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.chain.SettlementChain;
import org.gridweave.settlement.chain.TxReceipt;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev-chain bridge on a real Anvil chain and a real Mosquitto broker: the settlement contract
 * settles intervals through {@code SettlementChain}, and a subscriber holding the meter firmware's
 * own store of finalised intervals hears them.
 */
class DevChainBridgeOnAnvilTest {

  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private static final Account ALICE = Account.fromHex(Anvil.DEV_ADDRESSES.get(1));
  private static final Account BOB = Account.fromHex(Anvil.DEV_ADDRESSES.get(2));

  /** Interval ids that ended an hour and more ago (block timestamps follow the wall clock). */
  private static final long BASE =
      (Instant.now().getEpochSecond() / DevSettlementContract.INTERVAL_SECONDS - 12)
          * DevSettlementContract.INTERVAL_SECONDS;

  @TempDir static Path dir;
  private static Anvil anvil;
  private static Mosquitto broker;
  private DevChainBridge bridge;
  private MeterSide meter;

  @BeforeAll
  static void startChainAndBroker() {
    assumeTrue(
        Anvil.binary().isPresent(),
        "NOTICE: " + Anvil.NOT_INSTALLED + ": dev-chain bridge tests SKIPPED");
    assumeTrue(
        Mosquitto.binary().isPresent(),
        "NOTICE: " + Mosquitto.NOT_INSTALLED + ": dev-chain bridge tests SKIPPED");
    anvil = Anvil.start(dir.resolve("chain"), Ports.free());
    broker = Mosquitto.start(dir.resolve("mqtt"), Ports.free());
  }

  @AfterAll
  static void stopChainAndBroker() {
    if (broker != null) {
      broker.close();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  @AfterEach
  void stopBridge() throws Exception {
    if (bridge != null) {
      bridge.close();
    }
    if (meter != null) {
      meter.close();
    }
  }

  @Test
  void announcesASettledIntervalToMetersAndTheSameAgainAfterARestart() throws Exception {
    // Given an interval settled on chain, and a meter listening
    long interval = BASE;
    SettlementChain chain = deployWithParticipants();
    TxReceipt commit = settle(chain, interval, "restart");
    meter = new MeterSide(broker.uri());

    // When the bridge runs
    bridge = DevChainBridge.start(anvil.rpcUrl(), chain.contract(), URI.create(broker.uri()));

    // Then the meter hears of the interval with its roots, block and transaction
    String topic = FinalisedInterval.TOPIC_PREFIX + interval;
    await().atMost(PATIENCE).until(() -> meter.settlements.get(interval).isPresent());
    FinalisedInterval heard = meter.settlements.get(interval).orElseThrow();
    assertThat(heard.tradesRoot()).isEqualTo(Hash32.keccakUtf8("trades restart"));
    assertThat(heard.readingsRoot()).isEqualTo(Hash32.keccakUtf8("readings restart"));
    assertThat(heard.blockNumber()).isEqualTo(commit.blockNumber());
    assertThat(heard.txHash()).isEqualTo(commit.txHash());
    String first = meter.payloads(topic).get(0);

    // When the bridge restarts, reading the chain from block 0 again
    bridge.close();
    bridge = DevChainBridge.start(anvil.rpcUrl(), chain.contract(), URI.create(broker.uri()));

    // Then it publishes the same payload again: one retained message, equal to the first
    await().atMost(PATIENCE).until(() -> meter.payloads(topic).size() == 2);
    assertThat(meter.payloads(topic)).containsOnly(first);
    assertThat(MeterSide.retained(broker.uri(), topic))
        .containsExactly(java.util.Map.entry(topic, first));
    assertThat(meter.settlements.get(interval)).contains(heard);
    assertThat(meter.settlements.dropped()).isZero();
    chain.close();
  }

  @Test
  void ignoresTheLogsOfAnotherContract() throws Exception {
    // Given another settlement contract that settles an interval, then ours one
    long theirs = BASE + DevSettlementContract.INTERVAL_SECONDS;
    long ours = BASE + 2 * DevSettlementContract.INTERVAL_SECONDS;
    SettlementChain other = deployWithParticipants();
    SettlementChain chain = deployWithParticipants();
    TxReceipt otherCommit = settle(other, theirs, "theirs");
    settle(chain, ours, "ours");

    // When the bridge runs for ours
    bridge = DevChainBridge.start(anvil.rpcUrl(), chain.contract(), URI.create(broker.uri()));

    // Then ours is announced; theirs, in an earlier block, is not
    await()
        .atMost(PATIENCE)
        .until(() -> bridge.intake().index().isSettled(ours) && bridge.pendingPublications() == 0);
    assertThat(bridge.readThrough()).isGreaterThan(otherCommit.blockNumber());
    assertThat(bridge.intake().index().interval(theirs)).isEmpty();
    assertThat(MeterSide.retained(broker.uri(), FinalisedInterval.TOPIC_FILTER))
        .containsKey(FinalisedInterval.TOPIC_PREFIX + ours)
        .doesNotContainKey(FinalisedInterval.TOPIC_PREFIX + theirs);
    assertThat(bridge.published()).isEqualTo(1);
    other.close();
    chain.close();
  }

  @Test
  void keepsBridgingThroughAChainOutage() throws Exception {
    // Given a running bridge that has read the chain
    long interval = BASE + 3 * DevSettlementContract.INTERVAL_SECONDS;
    SettlementChain chain = deployWithParticipants();
    long deployed = chain.blockNumber();
    meter = new MeterSide(broker.uri());
    bridge = DevChainBridge.start(anvil.rpcUrl(), chain.contract(), URI.create(broker.uri()));
    await().atMost(PATIENCE).until(() -> bridge.readThrough() >= deployed);

    // When the chain goes away for a while, and settles an interval once it is back
    anvil.stop();
    await().atMost(PATIENCE).until(() -> !bridge.chainAnswering());
    anvil.restart();
    settle(chain, interval, "outage");

    // Then the bridge carries on and the meter hears of it
    await().atMost(PATIENCE).until(() -> meter.settlements.get(interval).isPresent());
    assertThat(bridge.chainAnswering()).isTrue();
    assertThat(meter.settlements.get(interval).orElseThrow().tradesRoot())
        .isEqualTo(Hash32.keccakUtf8("trades outage"));
    chain.close();
  }

  @Test
  void theDemoReusesItsRememberedContractAndDeploysAnewWhereTheChainHasNone() throws Exception {
    Path remembered = dir.resolve("demo/chain/contract.txt");

    DevSettlementContract.Resolved first =
        DevSettlementContract.deployOrReuse(anvil.rpcUrl(), Anvil.CHAIN_ID, remembered);
    DevSettlementContract.Resolved again =
        DevSettlementContract.deployOrReuse(anvil.rpcUrl(), Anvil.CHAIN_ID, remembered);

    assertThat(first.deployed()).isTrue();
    assertThat(Files.readString(remembered).strip()).isEqualTo(first.address().hex());
    assertThat(again).isEqualTo(new DevSettlementContract.Resolved(first.address(), false));
    try (SettlementChain chain =
        SettlementChain.connect(
            anvil.rpcUrl(), Anvil.CHAIN_ID, DevSettlementContract.OPERATOR_KEY, first.address())) {
      assertThat(chain.isOperator(Account.fromHex(Anvil.DEV_ADDRESSES.get(0)))).isTrue();
    }

    // An address with no code (a new chain) and a file that is no address: a new contract.
    Files.writeString(remembered, Anvil.DEV_ADDRESSES.get(3) + "\n");
    DevSettlementContract.Resolved noCode =
        DevSettlementContract.deployOrReuse(anvil.rpcUrl(), Anvil.CHAIN_ID, remembered);
    assertThat(noCode.deployed()).isTrue();
    assertThat(noCode.address()).isNotEqualTo(first.address());
    assertThat(Files.readString(remembered).strip()).isEqualTo(noCode.address().hex());

    Files.writeString(remembered, "not an address\n");
    assertThat(
            DevSettlementContract.deployOrReuse(anvil.rpcUrl(), Anvil.CHAIN_ID, remembered)
                .deployed())
        .isTrue();
  }

  @Test
  void withoutARememberedContractTheDemoAdoptsTheControllersBeforeDeploying() throws Exception {
    Path remembered = dir.resolve("older-demo/chain/contract.txt");
    Account controllers;
    try (SettlementChain deployed = deployWithParticipants()) {
      controllers = deployed.contract();
    }

    DevSettlementContract.Resolved resolved =
        DevSettlementContract.deployOrReuse(
            anvil.rpcUrl(),
            Anvil.CHAIN_ID,
            remembered,
            List.of(Account.fromHex(Anvil.DEV_ADDRESSES.get(4)), controllers));

    assertThat(resolved).isEqualTo(new DevSettlementContract.Resolved(controllers, false));
    assertThat(Files.readString(remembered).strip()).isEqualTo(controllers.hex());
  }

  // ---- fixtures ----

  /** A new contract (dev account 0 operator, participant 0) with Alice (1) and Bob (2). */
  private static SettlementChain deployWithParticipants() {
    SettlementChain chain =
        SettlementChain.deploy(
            anvil.rpcUrl(),
            Anvil.CHAIN_ID,
            DevSettlementContract.OPERATOR_KEY,
            DevSettlementContract.INTERVAL_SECONDS);
    chain.registerParticipants(
        List.of(ALICE, BOB), List.of(Hash32.keccakUtf8("s-0001"), Hash32.keccakUtf8("s-0002")));
    return chain;
  }

  /** Commits {@code interval} in one part: Bob pays Alice 264,000 micro-units, 500 to the grid. */
  private static TxReceipt settle(SettlementChain chain, long interval, String label) {
    TxReceipt receipt =
        chain.commit(
            new CommitCall(
                interval,
                Hash32.keccakUtf8("trades " + label),
                Hash32.keccakUtf8("readings " + label),
                0,
                1,
                List.of(new Delta(1, 264_000), new Delta(2, -264_500), new Delta(0, 500))));
    assertThat(receipt.success()).isTrue();
    return receipt;
  }
}

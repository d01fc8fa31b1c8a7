package org.gridweave.besuplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridweave.besuplugin.core.bridge.FakePublisher;
import org.gridweave.besuplugin.mqtt.PahoPublisher;
import org.gridweave.besuplugin.mqtt.RetainedMessages;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.TradeLeaf;
import org.gridweave.settlement.chain.IntervalState;
import org.gridweave.settlement.chain.SettlementChain;
import org.gridweave.settlement.chain.SignedTransaction;
import org.gridweave.settlement.chain.TxReceipt;
import org.hyperledger.besu.datatypes.Transaction;
import org.hyperledger.besu.plugin.data.LogWithMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;

/**
 * The plugin, through its Besu adapter, on what a real chain produced: the settlement contract on
 * Anvil receives a good commit, a stranger's commit, a commit whose deltas do not sum to zero and a
 * duplicate commit; the test fetches each one's raw signed bytes ({@code
 * eth_getRawTransactionByHash}) and the contract's logs ({@code eth_getLogs}) and hands them to the
 * plugin as Besu would.
 */
class RealChainTest {

  private static final long INTERVAL_SECONDS = 900;
  private static final long GAS_LIMIT = 500_000;
  private static final String OPERATOR_KEY = Anvil.DEV_PRIVATE_KEYS.get(0);
  private static final String STRANGER_KEY = Anvil.DEV_PRIVATE_KEYS.get(5);
  private static final Account OPERATOR = Account.fromHex(Anvil.DEV_ADDRESSES.get(0));
  private static final Account ALICE = Account.fromHex(Anvil.DEV_ADDRESSES.get(1));
  private static final Account BOB = Account.fromHex(Anvil.DEV_ADDRESSES.get(2));
  private static final Pattern RESULT = Pattern.compile("\"result\"\\s*:\\s*\"(0x[0-9a-fA-F]*)\"");

  /** Intervals that ended an hour ago and later (block timestamps follow the wall clock). */
  private static final long SETTLED =
      (Instant.now().getEpochSecond() / INTERVAL_SECONDS - 4) * INTERVAL_SECONDS;

  private static final long SPLIT = SETTLED + INTERVAL_SECONDS;
  private static final long UNSETTLED = SETTLED + 2 * INTERVAL_SECONDS;
  private static final TradeLeaf ALICE_TO_BOB =
      new TradeLeaf(SETTLED, "trade-1", ALICE, BOB, 1_500, 200_000);
  private static final TradeLeaf BOB_TO_ALICE =
      new TradeLeaf(SETTLED, "trade-2", BOB, ALICE, 200, 180_000);
  private static final MerkleTree TRADES =
      MerkleTree.of(List.of(ALICE_TO_BOB.hash(), BOB_TO_ALICE.hash()));
  private static final Hash32 READINGS_ROOT = Hash32.keccakUtf8("readings");
  private static final CommitCall GOOD =
      new CommitCall(
          SETTLED,
          TRADES.root(),
          READINGS_ROOT,
          0,
          1,
          List.of(new Delta(1, 264_000), new Delta(2, -264_500), new Delta(0, 500)));

  @TempDir static Path dir;
  private static Anvil anvil;
  private static SettlementChain chain;
  private static Web3j web3j;
  private static Captured good;
  private static Captured stranger;
  private static Captured notZeroSum;
  private static Captured duplicate;
  private static Captured registration;
  private static List<Log> logs;

  private final FakeBesu besu = new FakeBesu();
  private final FakePublisher publisher = new FakePublisher();
  private final EnergyPlugin plugin = new EnergyPlugin(Clock.systemUTC(), uri -> publisher);

  /** A mined transaction, its raw signed bytes as the chain returns them, and its receipt. */
  record Captured(byte[] raw, TxReceipt receipt) {}

  @BeforeAll
  static void settleOnAnvil() throws Exception {
    assumeTrue(
        Anvil.binary().isPresent(),
        "NOTICE: " + Anvil.NOT_INSTALLED + ": real-chain plugin tests SKIPPED");
    anvil = Anvil.start(dir, Ports.free());
    web3j = Web3j.build(new HttpService(anvil.rpcUrl()));
    chain = SettlementChain.deploy(anvil.rpcUrl(), Anvil.CHAIN_ID, OPERATOR_KEY, INTERVAL_SECONDS);
    registration =
        capture(
            chain
                .registerParticipants(
                    List.of(ALICE, BOB),
                    List.of(Hash32.keccakUtf8("site-a"), Hash32.keccakUtf8("site-b")))
                .txHash());
    good = capture(chain.commit(GOOD).txHash());
    // An interval settled in two parts, each with a carry for the clearing account.
    chain.commit(
        new CommitCall(
            SPLIT,
            TRADES.root(),
            READINGS_ROOT,
            0,
            2,
            List.of(new Delta(1, 50), new Delta(0, -50))));
    chain.commit(
        new CommitCall(
            SPLIT,
            TRADES.root(),
            READINGS_ROOT,
            1,
            2,
            List.of(new Delta(2, -50), new Delta(0, 50))));
    // Three the contract refuses, sent with an explicit gas limit so that they are mined.
    SettlementChain strangerChain = chain.withSender(STRANGER_KEY);
    stranger =
        send(
            strangerChain,
            new CommitCall(
                    UNSETTLED,
                    TRADES.root(),
                    READINGS_ROOT,
                    0,
                    1,
                    List.of(new Delta(1, 10), new Delta(2, -10)))
                .encode());
    notZeroSum =
        send(
            chain,
            new CommitCall(
                    UNSETTLED,
                    TRADES.root(),
                    READINGS_ROOT,
                    0,
                    1,
                    List.of(new Delta(1, 10), new Delta(2, -9)))
                .encode());
    duplicate = send(chain, GOOD.encode());
    EthLog answer =
        web3j
            .ethGetLogs(
                new EthFilter(
                    DefaultBlockParameterName.EARLIEST,
                    DefaultBlockParameterName.LATEST,
                    chain.contract().hex()))
            .send();
    logs = answer.getLogs().stream().map(result -> (Log) result.get()).toList();
  }

  @AfterAll
  static void stopAnvil() {
    if (chain != null) {
      chain.close();
    }
    if (web3j != null) {
      web3j.shutdown();
    }
    if (anvil != null) {
      anvil.close();
    }
  }

  @BeforeEach
  void startPlugin() {
    plugin.register(besu.services);
    EnergyPluginTest.parse(
        besu,
        "--plugin-energy-contract-address=" + chain.contract().hex(),
        "--plugin-energy-operators=" + OPERATOR.hex(),
        "--plugin-energy-mqtt-uri=tcp://127.0.0.1:1883");
    plugin.start();
  }

  @Test
  void theChainRefusedExactlyTheTransactionsTheValidatorRejects() throws Exception {
    // Before any log reached the node, the good commit and the registration pass the pool
    assertThat(validate(good)).isEmpty();
    assertThat(validate(registration)).isEmpty();
    // and the stranger's and the unbalanced one do not
    assertThat(validate(stranger))
        .hasValueSatisfying(reason -> assertThat(reason).endsWith("(NOT_AN_OPERATOR)"));
    assertThat(validate(notZeroSum))
        .contains(
            "energy plugin: deltas of interval "
                + UNSETTLED
                + " part 0 sum to 1 micros, not zero (DELTAS_NOT_ZERO_SUM)");

    // Once the good commit's logs are in, its duplicate is rejected too
    emitAll();
    assertThat(validate(duplicate))
        .contains(
            "energy plugin: interval "
                + SETTLED
                + " is already settled (INTERVAL_ALREADY_SETTLED)");

    // The contract's verdicts agree
    assertThat(good.receipt().success()).isTrue();
    assertThat(registration.receipt().success()).isTrue();
    assertThat(stranger.receipt().success()).isFalse();
    assertThat(notZeroSum.receipt().success()).isFalse();
    assertThat(duplicate.receipt().success()).isFalse();
  }

  @Test
  void rpcAnswersFromTheRealLogsAsTheContractDoes() {
    emitAll();

    Map<String, Object> settled = call("energy_getInterval", SETTLED);
    IntervalState onChain = chain.interval(SETTLED);
    assertThat(settled)
        .containsEntry("settled", onChain.settled())
        .containsEntry("parts", onChain.parts())
        .containsEntry("tradesRoot", onChain.tradesRoot().hex())
        .containsEntry("readingsRoot", onChain.readingsRoot().hex());
    assertThat(settled.get("block").toString())
        .contains("number=" + good.receipt().blockNumber())
        .contains("hash=" + good.receipt().blockHash().hex());
    assertThat(settled.get("deltas").toString())
        .isEqualTo(
            "[{participantIndex=0, micros=500}, {participantIndex=1, micros=264000},"
                + " {participantIndex=2, micros=-264500}]");
    Map<String, Object> split = call("energy_getInterval", SPLIT);
    assertThat(split).containsEntry("settled", true).containsEntry("parts", 2);
    assertThat((List<?>) split.get("partsSettled")).hasSize(2);
    assertThat(call("energy_getInterval", UNSETTLED)).containsEntry("settled", false);

    List<String> proof = TRADES.proof(ALICE_TO_BOB.hash()).stream().map(Hash32::hex).toList();
    Map<String, Object> verified =
        call(
            "energy_verifyTrade",
            SETTLED,
            "trade-1",
            ALICE.hex(),
            BOB.hex(),
            1_500,
            200_000,
            proof);
    assertThat(verified).containsEntry("verified", true);
    assertThat(chain.verifyTrade(ALICE_TO_BOB, TRADES.proof(ALICE_TO_BOB.hash()))).isTrue();

    Map<String, Object> status = call("energy_status");
    assertThat(status)
        .containsEntry("logsSeen", (long) logs.size())
        .containsEntry("logsUndecodable", 0L)
        .containsEntry("lastSettledInterval", SPLIT)
        .containsEntry("participants", 3);
  }

  @Test
  void aRemovedCopyOfTheRealSettlementLogUndoesItAndClearsTheRetainedMessage() throws Exception {
    // Given the node saw the chain's logs and published both settled intervals
    emitAll();
    assertThat(publisher.retained())
        .containsOnlyKeys("gridweave/v1/settlement/" + SETTLED, "gridweave/v1/settlement/" + SPLIT);

    // When a re-org removes the good commit's logs
    logsOf(good).forEach(log -> besu.events.emit(toBesu(log, true)));

    // Then the interval is no longer settled, its retained message is cleared, and a commit of it
    // may enter the pool again
    assertThat(call("energy_getInterval", SETTLED)).containsEntry("settled", false);
    assertThat(publisher.retained()).containsOnlyKeys("gridweave/v1/settlement/" + SPLIT);
    assertThat(validate(good)).isEmpty();
    assertThat(call("energy_status")).containsEntry("logsRemoved", 2L).containsEntry("cleared", 1L);
  }

  @Test
  void theRealLogsReachARealBrokerAndTheRemovedSettlementIsCleared() throws Exception {
    assumeTrue(
        Mosquitto.binary().isPresent(),
        "NOTICE: " + Mosquitto.NOT_INSTALLED + ": real-broker bridge test SKIPPED");
    try (Mosquitto broker = Mosquitto.start(dir.resolve("mqtt"), Ports.free())) {
      // Given a node whose plugin publishes to a real broker through Paho
      FakeBesu node = new FakeBesu();
      EnergyPlugin withPaho =
          new EnergyPlugin(
              Clock.systemUTC(),
              uri -> PahoPublisher.start(uri, "energy-node-1", Duration.ofMillis(200)));
      withPaho.register(node.services);
      EnergyPluginTest.parse(
          node,
          "--plugin-energy-contract-address=" + chain.contract().hex(),
          "--plugin-energy-operators=" + OPERATOR.hex(),
          "--plugin-energy-mqtt-uri=" + broker.uri());
      withPaho.start();
      try {
        // When the chain's logs arrive, and then the good commit's logs are removed
        logs.forEach(log -> node.events.emit(toBesu(log, false)));
        logsOf(good).forEach(log -> node.events.emit(toBesu(log, true)));

        // Then the broker retains the split interval's settlement only
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> node.rpc.call("energy_status").toString().contains("mqttPending=0,"));
        try (PahoPublisher sentinel =
            PahoPublisher.start(URI.create(broker.uri()), "sentinel", Duration.ofMillis(200))) {
          sentinel.publishRetained(RetainedMessages.SENTINEL, new byte[] {1});
          await().atMost(Duration.ofSeconds(30)).until(() -> sentinel.pending() == 0);
        }
        Map<String, String> retained =
            RetainedMessages.read(broker.uri(), "gridweave/v1/settlement/#");
        assertThat(retained).containsOnlyKeys("gridweave/v1/settlement/" + SPLIT);
        assertThat(retained.get("gridweave/v1/settlement/" + SPLIT))
            .startsWith("{\"interval_id\":" + SPLIT + ",\"trades_root\":\"" + TRADES.root().hex());
      } finally {
        withPaho.stop();
      }
    }
  }

  @Test
  void theValidatorFollowsTheOperatorSetTheContractLogsAndTheOwnerLearntAtDeployment()
      throws Exception {
    // Given a contract deployed by an owner this node's options do not list, which adds a second
    // operator, who commits, and then removes it again, whose next commit the contract refuses
    Account owner;
    Account second;
    Captured add;
    Captured commitBySecond;
    Captured remove;
    Captured lateCommitBySecond;
    Account contract;
    List<Log> ownLogs;
    try (SettlementChain deployed =
        SettlementChain.deploy(
            anvil.rpcUrl(), Anvil.CHAIN_ID, Anvil.DEV_PRIVATE_KEYS.get(3), INTERVAL_SECONDS)) {
      SettlementChain secondChain = deployed.withSender(Anvil.DEV_PRIVATE_KEYS.get(4));
      owner = deployed.sender();
      contract = deployed.contract();
      second = secondChain.sender();
      add = capture(deployed.addOperator(second).txHash());
      commitBySecond =
          capture(
              secondChain
                  .commit(new CommitCall(SETTLED, TRADES.root(), READINGS_ROOT, 0, 1, List.of()))
                  .txHash());
      remove = capture(deployed.removeOperator(second).txHash());
      lateCommitBySecond =
          send(
              secondChain,
              new CommitCall(SPLIT, TRADES.root(), READINGS_ROOT, 0, 1, List.of()).encode());
      ownLogs =
          web3j
              .ethGetLogs(
                  new EthFilter(
                      DefaultBlockParameterName.EARLIEST,
                      DefaultBlockParameterName.LATEST,
                      deployed.contract().hex()))
              .send()
              .getLogs()
              .stream()
              .map(result -> (Log) result.get())
              .toList();
      assertThat(add.receipt().success()).isTrue();
      assertThat(commitBySecond.receipt().success()).isTrue();
      assertThat(remove.receipt().success()).isTrue();
      assertThat(lateCommitBySecond.receipt().success()).isFalse();
    }
    // And a node whose options list another operator only, started before the deployment
    FakeBesu node = new FakeBesu();
    EnergyPlugin onNode = new EnergyPlugin(Clock.systemUTC(), uri -> publisher);
    onNode.register(node.services);
    EnergyPluginTest.parse(
        node,
        "--plugin-energy-contract-address=" + contract.hex(),
        "--plugin-energy-operators=" + OPERATOR.hex());
    onNode.start();
    try {
      // Not knowing the owner, the node cannot let the owner's addOperator through
      assertThat(validate(node, add))
          .hasValueSatisfying(reason -> assertThat(reason).endsWith("(NOT_AN_OPERATOR)"));

      // When the deployment's logs arrive (OperatorAdded(owner), ParticipantRegistered(0, owner))
      emitBlockOf(node, ownLogs, ownLogs.get(0).getBlockNumber().longValueExact());

      // Then the owner may change operators; the second account may not commit yet
      assertThat(validate(node, add)).isEmpty();
      assertThat(validate(node, remove)).isEmpty();
      assertThat(validate(node, commitBySecond))
          .hasValueSatisfying(reason -> assertThat(reason).endsWith("(NOT_AN_OPERATOR)"));

      // When the OperatorAdded log arrives, the second account's commit passes
      emitBlockOf(node, ownLogs, add.receipt().blockNumber());
      assertThat(validate(node, commitBySecond)).isEmpty();
      assertThat(statusOf(node))
          .containsEntry("operators", List.of(OPERATOR.hex(), owner.hex(), second.hex()))
          .containsEntry("owner", owner.hex());

      // When the commit and the OperatorRemoved arrive, its late commit is rejected as the
      // contract refused it
      emitBlockOf(node, ownLogs, commitBySecond.receipt().blockNumber());
      emitBlockOf(node, ownLogs, remove.receipt().blockNumber());
      assertThat(validate(node, lateCommitBySecond))
          .hasValueSatisfying(reason -> assertThat(reason).endsWith("(NOT_AN_OPERATOR)"));
      assertThat(statusOf(node)).containsEntry("operators", List.of(OPERATOR.hex(), owner.hex()));

      // And a re-org removing the OperatorRemoved log gives the role back
      ownLogs.stream()
          .filter(log -> log.getBlockNumber().longValueExact() == remove.receipt().blockNumber())
          .forEach(log -> node.events.emit(toBesu(log, true)));
      assertThat(validate(node, lateCommitBySecond)).isEmpty();
    } finally {
      onNode.stop();
    }
  }

  private static void emitBlockOf(FakeBesu node, List<Log> logs, long block) {
    logs.stream()
        .filter(log -> log.getBlockNumber().longValueExact() == block)
        .forEach(log -> node.events.emit(toBesu(log, false)));
  }

  private static Optional<String> validate(FakeBesu node, Captured captured) throws Exception {
    return node.validators.validate(transaction(captured.raw()));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> statusOf(FakeBesu node) {
    return (Map<String, Object>) node.rpc.call("energy_status");
  }

  private static List<Log> logsOf(Captured captured) {
    return logs.stream()
        .filter(log -> log.getTransactionHash().equals(captured.receipt().txHash().hex()))
        .toList();
  }

  private void emitAll() {
    logs.forEach(log -> besu.events.emit(toBesu(log, false)));
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> call(String method, Object... params) {
    return (Map<String, Object>) besu.rpc.call(method, params);
  }

  private Optional<String> validate(Captured captured) throws Exception {
    return besu.validators.validate(transaction(captured.raw()));
  }

  /** The raw signed transaction decoded as Besu would see it in its pool. */
  private static Transaction transaction(byte[] raw) throws Exception {
    RawTransaction decoded = TransactionDecoder.decode(HexFormat.of().formatHex(raw));
    Account sender = Account.fromHex(((SignedRawTransaction) decoded).getFrom());
    String to = decoded.getTo();
    return FakeBesu.transaction(
        to == null || to.isEmpty() || to.equals("0x")
            ? Optional.empty()
            : Optional.of(Account.fromHex(to)),
        sender,
        HexFormat.of().parseHex(strip(decoded.getData())),
        Hash32.keccak(raw));
  }

  private static LogWithMetadata toBesu(Log log, boolean removed) {
    List<Hash32> topics = new ArrayList<>();
    log.getTopics().forEach(topic -> topics.add(Hash32.fromHex(topic)));
    return FakeBesu.log(
        Account.fromHex(log.getAddress()),
        topics,
        HexFormat.of().parseHex(strip(log.getData())),
        log.getBlockNumber().longValueExact(),
        Hash32.fromHex(log.getBlockHash()),
        Hash32.fromHex(log.getTransactionHash()),
        log.getLogIndex().intValueExact(),
        removed);
  }

  private static Captured send(SettlementChain sender, byte[] data) {
    SignedTransaction signed =
        sender.sign(sender.contract(), data, sender.pendingNonce(), sender.gasPrice(), GAS_LIMIT);
    Hash32 hash = sender.sendRaw(signed);
    try {
      return capture(hash);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Waits for the receipt, then fetches the raw signed bytes from the chain. */
  private static Captured capture(Hash32 hash) throws IOException {
    TxReceipt receipt = chain.awaitReceipt(hash);
    String answer = anvil.rpc("eth_getRawTransactionByHash", "[\"" + hash.hex() + "\"]");
    Matcher result = RESULT.matcher(answer);
    assertThat(result.find()).as("eth_getRawTransactionByHash answered %s", answer).isTrue();
    byte[] raw = HexFormat.of().parseHex(strip(result.group(1)));
    assertThat(Hash32.keccak(raw)).isEqualTo(hash);
    return new Captured(raw, receipt);
  }

  private static String strip(String hex) {
    return hex.startsWith("0x") ? hex.substring(2) : hex;
  }
}

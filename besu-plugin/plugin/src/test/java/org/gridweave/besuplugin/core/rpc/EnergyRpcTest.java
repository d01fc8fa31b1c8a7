package org.gridweave.besuplugin.core.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.gridweave.besuplugin.core.Fixtures.OPERATOR;
import static org.gridweave.besuplugin.core.Fixtures.READINGS_ROOT;
import static org.gridweave.besuplugin.core.Fixtures.STRANGER;
import static org.gridweave.besuplugin.core.Fixtures.T0;
import static org.gridweave.besuplugin.core.Fixtures.account;
import static org.gridweave.besuplugin.core.Fixtures.at;
import static org.gridweave.besuplugin.core.Fixtures.clockAt;
import static org.gridweave.besuplugin.core.Fixtures.config;
import static org.gridweave.besuplugin.core.Fixtures.operatorAdded;
import static org.gridweave.besuplugin.core.Fixtures.operatorRemoved;
import static org.gridweave.besuplugin.core.Fixtures.part;
import static org.gridweave.besuplugin.core.Fixtures.registered;
import static org.gridweave.besuplugin.core.Fixtures.removed;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.besuplugin.core.LogIntake;
import org.gridweave.besuplugin.core.bridge.FakePublisher;
import org.gridweave.besuplugin.core.bridge.SettlementBridge;
import org.gridweave.besuplugin.core.index.SettlementIndex;
import org.gridweave.besuplugin.core.index.SettlementLog;
import org.gridweave.besuplugin.core.rules.SettlementTxRules;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.IntervalSettled;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.TradeLeaf;
import org.junit.jupiter.api.Test;

class EnergyRpcTest {

  private static final Account SELLER = account(0x11);
  private static final Account BUYER = account(0x22);
  private static final List<TradeLeaf> TRADES =
      List.of(
          new TradeLeaf(T0, "trade-1", SELLER, BUYER, 1_200, 95_000),
          new TradeLeaf(T0, "trade-2", SELLER, BUYER, 300, 90_000),
          new TradeLeaf(T0, "trade-3", BUYER, SELLER, 50, 120_000));
  private static final MerkleTree TREE =
      MerkleTree.of(TRADES.stream().map(TradeLeaf::hash).toList());

  private final SettlementIndex index = new SettlementIndex();
  private final FakePublisher publisher = new FakePublisher();
  private final LogIntake intake =
      new LogIntake(index, Optional.of(new SettlementBridge(publisher)));
  private final SettlementTxRules rules =
      new SettlementTxRules(config(), index, clockAt(T0 + 1_000));
  private final EnergyRpc rpc =
      new EnergyRpc(config(), intake, rules.rejections(), rules.operators());

  @Test
  void getIntervalAnswersRootsPartsDeltasAndBlock() {
    // Given an interval settled in two parts whose carries for participant 0 cancel
    settleTwoParts();

    // When
    Map<String, Object> interval = rpc.getInterval(new Object[] {T0});

    // Then
    assertThat(interval)
        .containsEntry("intervalId", T0)
        .containsEntry("settled", true)
        .containsEntry("parts", 2)
        .containsEntry("tradesRoot", TREE.root().hex())
        .containsEntry("readingsRoot", READINGS_ROOT.hex())
        .containsEntry(
            "block",
            Map.of(
                "number",
                11L,
                "hash",
                at(11).blockHash().hex(),
                "transactionHash",
                at(11).transactionHash().hex(),
                "logIndex",
                0));
    assertThat(interval.get("deltas"))
        .isEqualTo(
            List.of(
                Map.of("participantIndex", 0, "micros", 0L),
                Map.of("participantIndex", 1, "micros", 500L),
                Map.of("participantIndex", 2, "micros", -500L)));
    assertThat((List<?>) interval.get("partsSettled")).hasSize(2);
  }

  @Test
  void getIntervalOfAnUnknownIntervalSaysNotSettled() {
    Map<String, Object> interval = rpc.getInterval(new Object[] {"0x" + Long.toHexString(T0)});

    assertThat(interval)
        .containsEntry("intervalId", T0)
        .containsEntry("settled", false)
        .containsEntry("parts", null)
        .containsEntry("tradesRoot", null)
        .containsEntry("deltas", List.of())
        .containsEntry("partsSettled", List.of());
  }

  @Test
  void verifyTradeChecksTheLeafAndProofAgainstTheIndexedRoot() {
    settleTwoParts();
    TradeLeaf trade = TRADES.get(1);

    Map<String, Object> result = rpc.verifyTrade(params(trade, proofOf(trade)));

    assertThat(result)
        .isEqualTo(Map.of("verified", true, "root", TREE.root().hex(), "leaf", trade.hash().hex()));
  }

  @Test
  void verifyTradeRefusesATradeWithAnyFieldChanged() {
    settleTwoParts();
    TradeLeaf trade = TRADES.get(1);
    TradeLeaf inflated =
        new TradeLeaf(T0, "trade-2", SELLER, BUYER, trade.wh() + 1, trade.priceMicros());

    Map<String, Object> result = rpc.verifyTrade(params(inflated, proofOf(trade)));

    assertThat(result).containsEntry("verified", false).containsEntry("root", TREE.root().hex());
  }

  @Test
  void verifyTradeOfAnUnsettledIntervalIsNotVerified() {
    TradeLeaf trade = TRADES.get(0);

    Map<String, Object> result = rpc.verifyTrade(params(trade, proofOf(trade)));

    assertThat(result)
        .containsEntry("verified", false)
        .containsEntry("root", null)
        .containsEntry("reason", "interval " + T0 + " is not settled on this node's chain");
  }

  @Test
  void anIntervalOlderThanTheIndexKeepsSaysSo() {
    SettlementIndex small = new SettlementIndex(1);
    EnergyRpc rpc =
        new EnergyRpc(
            config(),
            new LogIntake(small, Optional.empty()),
            rules.rejections(),
            rules.operators());
    small.apply(part(T0, 0, 1, List.of(), at(10)));
    small.apply(part(T0 + 900, 0, 1, List.of(), at(11)));

    assertThat(rpc.getInterval(new Object[] {T0}))
        .containsEntry("settled", false)
        .containsEntry(
            "reason",
            "interval "
                + T0
                + " is older than the 1 intervals this node's index keeps; ask the contract");
    assertThat(rpc.verifyTrade(params(TRADES.get(0), List.of())).get("reason").toString())
        .contains("is older than the 1 intervals");
  }

  @Test
  void statusCountsLogsRejectionsAndTheBridge() {
    settleTwoParts();
    intake.index().apply(removed(part(T0 + 900, 0, 1, List.of(), at(12))));
    rules.check(Optional.of(config().contract()), STRANGER, new byte[0]);

    Map<String, Object> status = rpc.status(new Object[0]);

    assertThat(status)
        .containsEntry("contract", config().contract().hex())
        .containsEntry("operators", List.of(OPERATOR.hex()))
        .containsEntry("configuredOperators", List.of(OPERATOR.hex()))
        .containsEntry("owner", null)
        .containsEntry("intervalSeconds", 900L)
        .containsEntry("clockToleranceSeconds", 30L)
        .containsEntry("intervalsIndexed", 1)
        .containsEntry("lastSettledInterval", T0)
        .containsEntry("logsSeen", 4L)
        .containsEntry("logsRemoved", 1L)
        .containsEntry("logsUndecodable", 0L)
        .containsEntry("mqttConnected", true)
        .containsEntry("published", 1L);
    @SuppressWarnings("unchecked")
    Map<String, Object> rejections = (Map<String, Object>) status.get("rejections");
    assertThat(rejections)
        .containsEntry("NOT_AN_OPERATOR", 1L)
        .containsEntry("INTERVAL_ALREADY_SETTLED", 0L);
  }

  @Test
  void statusListsTheEffectiveOperatorsAndTheOwnerLearntFromTheLogs() {
    Account owner = account(0x0B);
    Account added = account(0x0C);
    index.apply(operatorAdded(owner, at(1)));
    index.apply(registered(0, owner, at(1)));
    index.apply(operatorAdded(added, at(2)));
    index.apply(operatorRemoved(OPERATOR, at(3)));

    Map<String, Object> status = rpc.status(new Object[0]);

    assertThat(status)
        .containsEntry("operators", List.of(owner.hex(), added.hex()))
        .containsEntry("configuredOperators", List.of(OPERATOR.hex()))
        .containsEntry("owner", owner.hex());
  }

  @Test
  void invalidParamsSayWhichParamAndWhy() {
    assertInvalid(
        () -> rpc.getInterval(new Object[0]),
        "energy_getInterval takes 1 params (intervalId), got 0");
    assertInvalid(
        () -> rpc.getInterval(new Object[] {-1}),
        "energy_getInterval: intervalId must be 0.." + Long.MAX_VALUE + ", got -1");
    assertInvalid(
        () -> rpc.getInterval(new Object[] {1.5}),
        "energy_getInterval: intervalId must be an integer, got Double 1.5");
    assertInvalid(
        () -> rpc.getInterval(new Object[] {"soon"}),
        "energy_getInterval: intervalId must be a decimal or 0x-hex integer, got \"soon\"");
    assertInvalid(
        () -> rpc.getInterval(new Object[] {BigInteger.TWO.pow(64)}),
        "energy_getInterval: intervalId must be 0.."
            + Long.MAX_VALUE
            + ", got "
            + BigInteger.TWO.pow(64));
    TradeLeaf trade = TRADES.get(0);
    Object[] badSeller = params(trade, List.of());
    badSeller[2] = "0x1234";
    assertInvalid(
        () -> rpc.verifyTrade(badSeller),
        "energy_verifyTrade: seller an account address has 40 hex digits, got 4: 0x1234");
    Object[] badProof = params(trade, List.of());
    badProof[6] = List.of(TREE.root().hex(), 7);
    assertInvalid(
        () -> rpc.verifyTrade(badProof),
        "energy_verifyTrade: proof[1] must be a 32-byte hex string, got Integer 7");
    assertInvalid(() -> rpc.status(new Object[] {"x"}), "energy_status takes 0 params (), got 1");
  }

  private void settleTwoParts() {
    intake.index().apply(part(T0, 0, 2, List.of(new Delta(1, 500), new Delta(0, -500)), at(10)));
    SettlementLog last = part(T0, 1, 2, List.of(new Delta(2, -500), new Delta(0, 500)), at(11));
    intake.index().apply(last);
    SettlementLog settled =
        new SettlementLog(new IntervalSettled(T0, TREE.root(), READINGS_ROOT, 2), at(11), false);
    intake.index().apply(settled);
    intake.bridge().orElseThrow().onLog(settled);
  }

  private static List<String> proofOf(TradeLeaf trade) {
    return TREE.proof(trade.hash()).stream().map(Hash32::hex).toList();
  }

  private static Object[] params(TradeLeaf trade, List<String> proof) {
    return new Object[] {
      trade.intervalId(),
      trade.tradeId(),
      trade.seller().hex(),
      trade.buyer().hex(),
      trade.wh(),
      trade.priceMicros(),
      proof
    };
  }

  private static void assertInvalid(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOf(InvalidParamsException.class).hasMessage(message);
  }
}

package org.gridweave.besuplugin.core.rpc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.gridweave.besuplugin.core.LogIntake;
import org.gridweave.besuplugin.core.bridge.SettlementBridge;
import org.gridweave.besuplugin.core.index.IntervalView;
import org.gridweave.besuplugin.core.index.LogPosition;
import org.gridweave.besuplugin.core.index.SettlementIndex;
import org.gridweave.besuplugin.core.options.EnergyConfig;
import org.gridweave.besuplugin.core.rules.Operators;
import org.gridweave.besuplugin.core.rules.RejectionCounts;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.TradeLeaf;

/**
 * The {@code energy_} JSON-RPC methods, answered from this node's {@link SettlementIndex}. Params
 * are the raw JSON values; results are maps, lists, strings, numbers and booleans for Besu to write
 * as JSON. Integers (interval ids, blocks, micro-units) are JSON numbers, hashes and addresses
 * {@code 0x} strings.
 *
 * @throws InvalidParamsException from each method when its params are wrong (the adapter answers
 *     JSON-RPC error -32602 with the message as data)
 */
public final class EnergyRpc {

  public static final String GET_INTERVAL = "getInterval";
  public static final String VERIFY_TRADE = "verifyTrade";
  public static final String STATUS = "status";

  private final EnergyConfig config;
  private final LogIntake intake;
  private final SettlementIndex index;
  private final RejectionCounts rejections;
  private final Operators operators;
  private final Optional<SettlementBridge> bridge;

  public EnergyRpc(
      EnergyConfig config, LogIntake intake, RejectionCounts rejections, Operators operators) {
    this.config = config;
    this.intake = intake;
    this.index = intake.index();
    this.rejections = rejections;
    this.operators = operators;
    this.bridge = intake.bridge();
  }

  /**
   * {@code energy_getInterval(intervalId)}: {@code intervalId, settled, parts, tradesRoot,
   * readingsRoot, block, deltas} (net per participant over the settled parts) and {@code
   * partsSettled} (each part's deltas and block). Unknown to the index: {@code settled} false and
   * no parts.
   */
  public Map<String, Object> getInterval(Object[] params) {
    long intervalId =
        Params.of("energy_" + GET_INTERVAL, params, "intervalId").unsigned(0, "intervalId");
    Optional<IntervalView> view = index.interval(intervalId);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("intervalId", intervalId);
    result.put("settled", view.map(IntervalView::isSettled).orElse(false));
    result.put("parts", view.flatMap(IntervalView::parts).orElse(null));
    Optional<IntervalView.Settled> settled = view.flatMap(IntervalView::settlement);
    result.put("tradesRoot", settled.map(s -> s.tradesRoot().hex()).orElse(null));
    result.put("readingsRoot", settled.map(s -> s.readingsRoot().hex()).orElse(null));
    result.put("block", settled.map(s -> block(s.position())).orElse(null));
    List<Map<String, Object>> deltas = new ArrayList<>();
    view.ifPresent(
        v -> v.netDeltas().forEach((i, micros) -> deltas.add(delta(new Delta(i, micros)))));
    result.put("deltas", deltas);
    List<Map<String, Object>> parts = new ArrayList<>();
    view.ifPresent(v -> v.partsSettled().forEach(part -> parts.add(part(part))));
    result.put("partsSettled", parts);
    forgotten(intervalId).ifPresent(reason -> result.put("reason", reason));
    return result;
  }

  /**
   * {@code energy_verifyTrade(intervalId, tradeId, seller, buyer, wh, priceMicros, proof)}: builds
   * the trade's leaf (ADR 0013) and checks it with the proof against the interval's indexed trades
   * root: {@code verified, root, leaf} ({@code root} null, and a {@code reason}, while the interval
   * is not settled).
   */
  public Map<String, Object> verifyTrade(Object[] params) {
    Params p =
        Params.of(
            "energy_" + VERIFY_TRADE,
            params,
            "intervalId",
            "tradeId",
            "seller",
            "buyer",
            "wh",
            "priceMicros",
            "proof");
    long intervalId = p.unsigned(0, "intervalId");
    String tradeId = p.text(1, "tradeId");
    Account seller = p.account(2, "seller");
    Account buyer = p.account(3, "buyer");
    long wh = p.unsigned(4, "wh");
    long priceMicros = p.unsigned(5, "priceMicros");
    List<Hash32> proof = p.hashes(6, "proof");
    Hash32 leaf = new TradeLeaf(intervalId, tradeId, seller, buyer, wh, priceMicros).hash();
    Optional<IntervalView.Settled> settled =
        index.interval(intervalId).flatMap(IntervalView::settlement);
    Map<String, Object> result = new LinkedHashMap<>();
    if (settled.isEmpty()) {
      result.put("verified", false);
      result.put("root", null);
      result.put("leaf", leaf.hex());
      result.put(
          "reason",
          forgotten(intervalId)
              .orElse("interval " + intervalId + " is not settled on this node's chain"));
      return result;
    }
    Hash32 root = settled.get().tradesRoot();
    result.put("verified", MerkleTree.verify(leaf, proof, root));
    result.put("root", root.hex());
    result.put("leaf", leaf.hex());
    return result;
  }

  /**
   * {@code energy_status()}: the configuration, the effective operators ({@code operators}: the
   * configured ones corrected by the contract's operator logs; {@code configuredOperators}), the
   * owner if this node saw the deployment, what the index holds, the bridge's connection and the
   * validator's rejections by reason. These counters are the plugin's metrics.
   */
  public Map<String, Object> status(Object[] params) {
    Params.of("energy_" + STATUS, params);
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("contract", config.contract().hex());
    result.put("operators", operators.effective().stream().map(Account::hex).toList());
    result.put("configuredOperators", config.operators().stream().map(Account::hex).toList());
    result.put("owner", operators.owner().map(Account::hex).orElse(null));
    result.put("intervalSeconds", config.intervalSeconds());
    result.put("clockToleranceSeconds", config.clockToleranceSeconds());
    result.put("intervalsIndexed", index.intervalsIndexed());
    OptionalLong last = index.lastSettledInterval();
    result.put("lastSettledInterval", last.isPresent() ? last.getAsLong() : null);
    result.put("participants", index.participants().size());
    result.put("logsSeen", index.logsSeen());
    result.put("logsRemoved", index.logsRemoved());
    result.put("logsUndecodable", intake.undecodable());
    result.put("mqttUri", config.mqttUri().map(Object::toString).orElse(null));
    result.put("mqttConnected", bridge.map(SettlementBridge::isConnected).orElse(false));
    result.put("mqttPending", bridge.map(SettlementBridge::pending).orElse(0));
    result.put("published", bridge.map(SettlementBridge::publications).orElse(0L));
    result.put("cleared", bridge.map(SettlementBridge::clearances).orElse(0L));
    Map<String, Object> byReason = new LinkedHashMap<>();
    rejections.all().forEach((reason, count) -> byReason.put(reason.name(), count));
    result.put("rejections", byReason);
    return result;
  }

  private Optional<String> forgotten(long intervalId) {
    if (!index.isForgotten(intervalId)) {
      return Optional.empty();
    }
    return Optional.of(
        "interval "
            + intervalId
            + " is older than the "
            + index.maxIntervals()
            + " intervals this node's index keeps; ask the contract");
  }

  private static Map<String, Object> block(LogPosition position) {
    Map<String, Object> block = new LinkedHashMap<>();
    block.put("number", position.blockNumber());
    block.put("hash", position.blockHash().hex());
    block.put("transactionHash", position.transactionHash().hex());
    block.put("logIndex", position.logIndex());
    return block;
  }

  private static Map<String, Object> delta(Delta delta) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("participantIndex", delta.participantIndex());
    entry.put("micros", delta.micros());
    return entry;
  }

  private static Map<String, Object> part(IntervalView.PartSettled part) {
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("part", part.part());
    entry.put("parts", part.parts());
    entry.put("deltas", part.deltas().stream().map(EnergyRpc::delta).toList());
    entry.put("block", block(part.position()));
    return entry;
  }
}

package org.gridweave.firmware.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import org.gridweave.settlement.Hash32;

/**
 * A delivery interval the chain has settled, as the Besu plugin's bridge announces it (retained) on
 * {@code gridweave/v1/settlement/{intervalId}}.
 *
 * @param intervalId the interval start in Unix seconds (the contract's {@code intervalId})
 * @param tradesRoot Merkle root of the interval's delivered trades
 * @param readingsRoot Merkle root of the signed readings the delivery check used
 * @param blockNumber the block holding the {@code IntervalSettled} event
 * @param txHash the transaction that completed the interval
 */
public record FinalisedInterval(
    long intervalId, Hash32 tradesRoot, Hash32 readingsRoot, long blockNumber, Hash32 txHash) {

  /** The topic level before the interval id. */
  public static final String TOPIC_PREFIX = "gridweave/v1/settlement/";

  /** The filter a meter subscribes to: every interval's announcement. */
  public static final String TOPIC_FILTER = TOPIC_PREFIX + "+";

  private static final ObjectMapper JSON = new ObjectMapper();

  public FinalisedInterval {
    if (intervalId < 0) {
      throw new IllegalArgumentException("interval_id must be >= 0, was " + intervalId);
    }
    if (blockNumber < 0) {
      throw new IllegalArgumentException("block_number must be >= 0, was " + blockNumber);
    }
    if (tradesRoot == null || readingsRoot == null || txHash == null) {
      throw new IllegalArgumentException("trades_root, readings_root and tx_hash are required");
    }
  }

  /** The interval's start. */
  public Instant start() {
    return Instant.ofEpochSecond(intervalId);
  }

  /** The topic this interval is announced on. */
  public String topic() {
    return TOPIC_PREFIX + intervalId;
  }

  /**
   * The interval id a settlement topic names.
   *
   * @throws SettlementNoticeException if {@code topic} is not {@code gridweave/v1/settlement/{Unix
   *     seconds}}
   */
  public static long intervalIdOf(String topic) throws SettlementNoticeException {
    if (topic == null || !topic.startsWith(TOPIC_PREFIX)) {
      throw new SettlementNoticeException(
          "topic " + topic + " is not under " + TOPIC_PREFIX + "{intervalId}");
    }
    String level = topic.substring(TOPIC_PREFIX.length());
    if (level.isEmpty() || level.length() > 18 || !level.chars().allMatch(Character::isDigit)) {
      throw new SettlementNoticeException(
          "topic " + topic + ": the last level must be the interval id in Unix seconds");
    }
    return Long.parseLong(level);
  }

  /**
   * Reads an announcement (docs/protocol.md, "Settlement announcement"): a JSON object with at
   * least {@code interval_id} (integer, equal to the topic's), {@code trades_root}, {@code
   * readings_root}, {@code tx_hash} (32-byte hex) and {@code block_number} (integer), in snake_case
   * as the Besu plugin's bridge writes them. Its other fields ({@code parts}, {@code block_hash},
   * {@code log_index}) and any unknown ones are ignored.
   *
   * @throws SettlementNoticeException naming the field that is missing or malformed
   */
  public static FinalisedInterval parse(String topic, byte[] payload)
      throws SettlementNoticeException {
    long topicId = intervalIdOf(topic);
    JsonNode node;
    try {
      node = JSON.readTree(payload);
    } catch (IOException e) {
      throw new SettlementNoticeException(topic + ": not JSON (" + firstLine(e) + ")");
    }
    if (node == null || !node.isObject()) {
      throw new SettlementNoticeException(topic + ": not a JSON object");
    }
    long intervalId = unsigned(topic, node, "interval_id");
    if (intervalId != topicId) {
      throw new SettlementNoticeException(
          topic + ": interval_id " + intervalId + " differs from the topic's " + topicId);
    }
    return new FinalisedInterval(
        intervalId,
        hash(topic, node, "trades_root"),
        hash(topic, node, "readings_root"),
        unsigned(topic, node, "block_number"),
        hash(topic, node, "tx_hash"));
  }

  private static JsonNode field(String topic, JsonNode object, String name)
      throws SettlementNoticeException {
    JsonNode v = object.get(name);
    if (v == null || v.isNull()) {
      throw new SettlementNoticeException(topic + ": " + name + " is missing");
    }
    return v;
  }

  private static long unsigned(String topic, JsonNode object, String name)
      throws SettlementNoticeException {
    JsonNode v = field(topic, object, name);
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new SettlementNoticeException(
          topic + ": " + name + " must be a non-negative integer, was " + v);
    }
    return v.asLong();
  }

  private static Hash32 hash(String topic, JsonNode object, String name)
      throws SettlementNoticeException {
    JsonNode v = field(topic, object, name);
    if (!v.isTextual()) {
      throw new SettlementNoticeException(
          topic + ": " + name + " must be a 0x-prefixed 32-byte hex string, was " + v);
    }
    try {
      return Hash32.fromHex(v.asText());
    } catch (IllegalArgumentException e) {
      throw new SettlementNoticeException(topic + ": " + name + ": " + e.getMessage());
    }
  }

  private static String firstLine(IOException e) {
    String m = String.valueOf(e.getMessage());
    int nl = m.indexOf('\n');
    return nl < 0 ? m : m.substring(0, nl);
  }
}

package org.gridweave.besuplugin.core.bridge;

import java.nio.charset.StandardCharsets;
import org.gridweave.besuplugin.core.index.LogPosition;
import org.gridweave.settlement.IntervalSettled;

/**
 * The retained payload of {@code gridweave/v1/settlement/{intervalId}} (docs/protocol.md,
 * "Settlement announcement"): a JSON object in snake_case, like every GridWeave wire payload, with
 * the interval's roots and where its {@code IntervalSettled} log is, e.g. {@code {"interval_id":
 * 1795683600, "trades_root": "0x…", "readings_root": "0x…", "parts": 1, "block_number": 57,
 * "block_hash": "0x…", "tx_hash": "0x…", "log_index": 1}} (the golden example is
 * docs/protocol/examples/settlement.json). Always these eight fields, in this order.
 */
public final class SettlementMessage {

  public static final String TOPIC_PREFIX = "gridweave/v1/settlement/";

  private SettlementMessage() {}

  public static String topic(long intervalId) {
    return TOPIC_PREFIX + intervalId;
  }

  public static byte[] json(IntervalSettled settled, LogPosition position) {
    // Numbers and 0x-hex only: nothing to escape.
    String json =
        "{\"interval_id\":"
            + settled.intervalId()
            + ",\"trades_root\":\""
            + settled.tradesRoot().hex()
            + "\",\"readings_root\":\""
            + settled.readingsRoot().hex()
            + "\",\"parts\":"
            + settled.parts()
            + ",\"block_number\":"
            + position.blockNumber()
            + ",\"block_hash\":\""
            + position.blockHash().hex()
            + "\",\"tx_hash\":\""
            + position.transactionHash().hex()
            + "\",\"log_index\":"
            + position.logIndex()
            + "}";
    return json.getBytes(StandardCharsets.UTF_8);
  }
}

package org.gridweave.besuplugin.core.bridge;

import java.nio.charset.StandardCharsets;
import org.gridweave.besuplugin.core.index.LogPosition;
import org.gridweave.settlement.IntervalSettled;

/**
 * The retained payload of {@code gridweave/v1/settlement/{intervalId}}: a JSON object with the
 * interval's roots and where its {@code IntervalSettled} log is, e.g. {@code {"intervalId":
 * 1764150300, "tradesRoot": "0x…", "readingsRoot": "0x…", "parts": 1, "blockNumber": 42,
 * "blockHash": "0x…", "transactionHash": "0x…", "logIndex": 1}}.
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
        "{\"intervalId\":"
            + settled.intervalId()
            + ",\"tradesRoot\":\""
            + settled.tradesRoot().hex()
            + "\",\"readingsRoot\":\""
            + settled.readingsRoot().hex()
            + "\",\"parts\":"
            + settled.parts()
            + ",\"blockNumber\":"
            + position.blockNumber()
            + ",\"blockHash\":\""
            + position.blockHash().hex()
            + "\",\"transactionHash\":\""
            + position.transactionHash().hex()
            + "\",\"logIndex\":"
            + position.logIndex()
            + "}";
    return json.getBytes(StandardCharsets.UTF_8);
  }
}

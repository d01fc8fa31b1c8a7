package org.gridweave.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;

/**
 * The gateway's notice that it refused a message, published on the meter's {@code rejected} topic
 * (when the topic names a valid meter) and stored in the dead-letter table.
 *
 * @param reason machine-readable reason code
 * @param message a sentence for people
 * @param topic the topic the refused message arrived on
 * @param sequence the refused message's sequence number, or -1 when unknown
 * @param at when the gateway refused it
 */
public record Rejection(
    RejectReason reason, String message, String topic, long sequence, Instant at) {
  private static final Set<String> FIELDS = Set.of("reason", "message", "topic", "seq", "at");

  public byte[] encode() {
    ObjectNode o = Json.object();
    o.put("v", TelemetryCodec.VERSION);
    o.put("reason", reason.name());
    o.put("message", message);
    o.put("topic", topic);
    if (sequence >= 0) {
      o.put("seq", sequence);
    }
    o.put("at", at.toString());
    return Json.bytes(o);
  }

  public static Rejection decode(byte[] payload) throws ProtocolException {
    ObjectNode o = Json.read(payload, "rejection", FIELDS);
    RejectReason reason;
    try {
      reason = RejectReason.valueOf(Json.text(o, "reason", "rejection"));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(RejectReason.OUT_OF_RANGE, "unknown reason code");
    }
    return new Rejection(
        reason,
        Json.text(o, "message", "rejection"),
        Json.text(o, "topic", "rejection"),
        o.has("seq") ? o.get("seq").asLong() : -1,
        Json.instant(o, "at", "rejection"));
  }
}

package org.gridweave.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import org.gridweave.core.id.MeterId;

/**
 * A meter's answer to a {@link Command}, sent on {@code ack}.
 *
 * @param commandId the id of the answered command
 * @param meter the answering meter
 * @param status whether the setpoints were applied
 * @param detail what was applied, or why not
 * @param at when the meter decided
 */
public record CommandAck(
    String commandId, MeterId meter, Status status, String detail, Instant at) {
  private static final Set<String> FIELDS = Set.of("id", "meter", "status", "detail", "at");

  /** The outcome of a command. */
  public enum Status {
    APPLIED,
    REJECTED,
    EXPIRED
  }

  public CommandAck {
    if (commandId == null || meter == null || status == null || at == null) {
      throw new IllegalArgumentException("id, meter, status and at are required");
    }
    detail = detail == null ? "" : detail;
  }

  public byte[] encode() {
    ObjectNode o = Json.object();
    o.put("v", TelemetryCodec.VERSION);
    o.put("id", commandId);
    o.put("meter", meter.value());
    o.put("status", status.name().toLowerCase(java.util.Locale.ROOT));
    o.put("detail", detail);
    o.put("at", at.toString());
    return Json.bytes(o);
  }

  public static CommandAck decode(byte[] payload) throws ProtocolException {
    ObjectNode o = Json.read(payload, "ack", FIELDS);
    String status = Json.text(o, "status", "ack");
    Status s;
    try {
      s = Status.valueOf(status.toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(RejectReason.OUT_OF_RANGE, "ack.status '" + status + "' unknown");
    }
    try {
      return new CommandAck(
          Json.text(o, "id", "ack"),
          MeterId.of(Json.text(o, "meter", "ack")),
          s,
          o.has("detail") ? Json.text(o, "detail", "ack") : "",
          Json.instant(o, "at", "ack"));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(RejectReason.INVALID_ID, "ack: " + e.getMessage());
    }
  }
}

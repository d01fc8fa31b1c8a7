package org.gridweave.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Set;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/**
 * A meter's connection state, published retained on {@code state}; the meter registers an {@code
 * offline} state as its MQTT last will.
 */
public record MeterState(MeterId meter, SiteId site, boolean online, String firmware, Instant at) {
  private static final Set<String> FIELDS = Set.of("meter", "site", "state", "fw", "at");

  public byte[] encode() {
    ObjectNode o = Json.object();
    o.put("v", TelemetryCodec.VERSION);
    o.put("meter", meter.value());
    o.put("site", site.value());
    o.put("state", online ? "online" : "offline");
    o.put("fw", firmware);
    o.put("at", at.toString());
    return Json.bytes(o);
  }

  public static MeterState decode(byte[] payload) throws ProtocolException {
    ObjectNode o = Json.read(payload, "state", FIELDS);
    String state = Json.text(o, "state", "state");
    if (!state.equals("online") && !state.equals("offline")) {
      throw new ProtocolException(RejectReason.OUT_OF_RANGE, "state must be online or offline");
    }
    try {
      return new MeterState(
          MeterId.of(Json.text(o, "meter", "state")),
          SiteId.of(Json.text(o, "site", "state")),
          state.equals("online"),
          Json.text(o, "fw", "state"),
          Json.instant(o, "at", "state"));
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(RejectReason.INVALID_ID, "state: " + e.getMessage());
    }
  }
}

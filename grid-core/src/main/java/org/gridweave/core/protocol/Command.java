package org.gridweave.core.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.unit.Percent;
import org.gridweave.core.unit.Watts;

/**
 * A setpoint for one meter's site, sent on {@code cmd}. Each setpoint is optional; an absent one
 * leaves that asset as it is. A battery is either charged or discharged, never both. The meter
 * answers every command on {@code ack} with a {@link CommandAck}.
 *
 * @param id unique command id (an id-safe string), echoed in the ack
 * @param meter the addressed meter
 * @param issuedAt when the controller issued it
 * @param expiresAt after this instant the meter must not apply it
 * @param batteryCharge battery charging power to hold
 * @param batteryDischarge battery discharging power to hold
 * @param pvCurtailment share of PV output to curtail (0 % = none, 100 % = all)
 * @param flexDeferral flexible-load power to postpone until the command expires
 * @param reason a sentence for the prosumer: why this setpoint
 */
public record Command(
    String id,
    MeterId meter,
    Instant issuedAt,
    Instant expiresAt,
    Optional<Watts> batteryCharge,
    Optional<Watts> batteryDischarge,
    Optional<Percent> pvCurtailment,
    Optional<Watts> flexDeferral,
    String reason) {

  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "meter",
          "issued_at",
          "expires_at",
          "battery_charge_w",
          "battery_discharge_w",
          "pv_curtail_pct",
          "flex_defer_w",
          "reason");

  public Command {
    if (id == null || !MeterId.isValid(id)) {
      throw new IllegalArgumentException("command id must be 1-64 id characters, was " + id);
    }
    if (meter == null || issuedAt == null || expiresAt == null) {
      throw new IllegalArgumentException("meter, issued_at and expires_at are required");
    }
    if (!expiresAt.isAfter(issuedAt)) {
      throw new IllegalArgumentException("expires_at must be after issued_at");
    }
    if (batteryCharge.isPresent()
        && batteryDischarge.isPresent()
        && batteryCharge.get().value() > 0
        && batteryDischarge.get().value() > 0) {
      throw new IllegalArgumentException("a battery cannot charge and discharge at once");
    }
    if (batteryCharge.isEmpty()
        && batteryDischarge.isEmpty()
        && pvCurtailment.isEmpty()
        && flexDeferral.isEmpty()) {
      throw new IllegalArgumentException("a command needs at least one setpoint");
    }
    reason = reason == null ? "" : reason;
  }

  public byte[] encode() {
    ObjectNode o = Json.object();
    o.put("v", TelemetryCodec.VERSION);
    o.put("id", id);
    o.put("meter", meter.value());
    o.put("issued_at", issuedAt.toString());
    o.put("expires_at", expiresAt.toString());
    batteryCharge.ifPresent(w -> o.put("battery_charge_w", w.value()));
    batteryDischarge.ifPresent(w -> o.put("battery_discharge_w", w.value()));
    pvCurtailment.ifPresent(p -> o.put("pv_curtail_pct", p.value()));
    flexDeferral.ifPresent(w -> o.put("flex_defer_w", w.value()));
    if (!reason.isEmpty()) {
      o.put("reason", reason);
    }
    return Json.bytes(o);
  }

  public static Command decode(byte[] payload) throws ProtocolException {
    ObjectNode o = Json.read(payload, "command", FIELDS);
    String what = "command";
    try {
      return new Command(
          Json.text(o, "id", what),
          MeterId.of(Json.text(o, "meter", what)),
          Json.instant(o, "issued_at", what),
          Json.instant(o, "expires_at", what),
          Optional.ofNullable(Json.number(o, "battery_charge_w", what)).map(Watts::of),
          Optional.ofNullable(Json.number(o, "battery_discharge_w", what)).map(Watts::of),
          Optional.ofNullable(Json.number(o, "pv_curtail_pct", what)).map(Percent::of),
          Optional.ofNullable(Json.number(o, "flex_defer_w", what)).map(Watts::of),
          o.has("reason") ? Json.text(o, "reason", what) : "");
    } catch (IllegalArgumentException e) {
      throw new ProtocolException(RejectReason.OUT_OF_RANGE, "command: " + e.getMessage());
    }
  }
}

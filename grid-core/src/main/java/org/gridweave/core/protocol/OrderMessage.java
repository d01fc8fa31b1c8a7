package org.gridweave.core.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.crypto.MeterPublicKey;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/**
 * A market order sent by a meter on {@code gridweave/v1/{site}/{meter}/order} (QoS 1), signed with
 * the meter's Ed25519 key over {@link #canonicalBytes()} like telemetry (docs/protocol.md §8.5).
 * {@code place} offers or bids {@code energyWh} for the interval starting at {@code interval} at a
 * limit price; {@code cancel} withdraws the order {@code id} (the other order fields are absent).
 *
 * @param limitPriceMicros the limit price in millionths of a currency unit per kWh (the JSON
 *     carries {@code limit_price_per_kwh} with at most 6 decimals)
 * @param at when the meter made the order
 */
public record OrderMessage(
    String id,
    MeterId meter,
    SiteId site,
    boolean cancel,
    boolean bid,
    Instant interval,
    long energyWh,
    long limitPriceMicros,
    boolean localOnly,
    boolean renewableOnly,
    Instant at,
    byte[] signature) {

  private static final byte[] MAGIC = {'G', 'W', 'O', 1, 0};
  private static final Set<String> FIELDS =
      Set.of(
          "id",
          "meter",
          "site",
          "action",
          "side",
          "interval",
          "energy_wh",
          "limit_price_per_kwh",
          "local_only",
          "renewable_only",
          "at",
          "sig");
  private static final Set<String> PLACE_ONLY =
      Set.of(
          "side", "interval", "energy_wh", "limit_price_per_kwh", "local_only", "renewable_only");

  public OrderMessage {
    if (id == null || !MeterId.isValid(id)) {
      throw new IllegalArgumentException("order id must be 1-64 id characters, was " + id);
    }
    if (meter == null || site == null || at == null) {
      throw new IllegalArgumentException("meter, site and at are required");
    }
    if (!cancel) {
      if (interval == null) {
        throw new IllegalArgumentException("an order needs its delivery interval");
      }
      if (energyWh < 1 || energyWh > 1_000_000_000L) {
        throw new IllegalArgumentException("energy_wh must be 1..1000000000, was " + energyWh);
      }
      if (Math.abs(limitPriceMicros) > 100_000_000L) {
        throw new IllegalArgumentException("limit_price_per_kwh must be within ±100");
      }
    }
    signature = signature == null ? null : signature.clone();
  }

  public static OrderMessage place(
      String id,
      MeterId meter,
      SiteId site,
      boolean bid,
      Instant interval,
      long energyWh,
      long limitPriceMicros,
      boolean localOnly,
      boolean renewableOnly,
      Instant at) {
    return new OrderMessage(
        id,
        meter,
        site,
        false,
        bid,
        interval,
        energyWh,
        limitPriceMicros,
        localOnly,
        bid && renewableOnly,
        at,
        null);
  }

  public static OrderMessage cancel(String id, MeterId meter, SiteId site, Instant at) {
    return new OrderMessage(id, meter, site, true, false, null, 0, 0, false, false, at, null);
  }

  public OrderMessage signedWith(MeterKeyPair key) {
    return new OrderMessage(
        id,
        meter,
        site,
        cancel,
        bid,
        interval,
        energyWh,
        limitPriceMicros,
        localOnly,
        renewableOnly,
        at,
        key.sign(canonicalBytes()));
  }

  public boolean isSignedBy(MeterPublicKey key) {
    return signature != null && key.verifies(canonicalBytes(), signature);
  }

  @Override
  public byte[] signature() {
    return signature == null ? null : signature.clone();
  }

  /** The bytes the signature covers; docs/protocol.md §8.5. */
  public byte[] canonicalBytes() {
    byte[] m = meter.value().getBytes(StandardCharsets.UTF_8);
    byte[] s = site.value().getBytes(StandardCharsets.UTF_8);
    byte[] i = id.getBytes(StandardCharsets.UTF_8);
    ByteBuffer buf =
        ByteBuffer.allocate(
            MAGIC.length + 3 + m.length + s.length + i.length + 1 + (cancel ? 0 : 26) + 8);
    buf.put(MAGIC);
    buf.put((byte) m.length).put(m);
    buf.put((byte) s.length).put(s);
    buf.put((byte) i.length).put(i);
    buf.put((byte) (cancel ? 1 : 0));
    if (!cancel) {
      buf.put((byte) (bid ? 0 : 1));
      buf.putLong(interval.toEpochMilli());
      buf.putLong(energyWh);
      buf.putLong(limitPriceMicros);
      buf.put((byte) ((localOnly ? 1 : 0) | (renewableOnly ? 2 : 0)));
    }
    buf.putLong(at.toEpochMilli());
    return buf.array();
  }

  public byte[] encode() {
    ObjectNode o = Json.object();
    o.put("v", TelemetryCodec.VERSION);
    o.put("id", id);
    o.put("meter", meter.value());
    o.put("site", site.value());
    o.put("action", cancel ? "cancel" : "place");
    if (!cancel) {
      o.put("side", bid ? "bid" : "offer");
      o.put("interval", interval.toString());
      o.put("energy_wh", energyWh);
      // plain decimal, no trailing zeros, never exponent notation: 0.12, 1, -0.05
      o.put(
          "limit_price_per_kwh",
          new java.math.BigDecimal(
              new java.math.BigDecimal(limitPriceMicros)
                  .movePointLeft(6)
                  .stripTrailingZeros()
                  .toPlainString()));
      if (localOnly) o.put("local_only", true);
      if (renewableOnly) o.put("renewable_only", true);
    }
    o.put("at", at.toString());
    if (signature != null) {
      o.put("sig", Base64.getEncoder().encodeToString(signature));
    }
    return Json.bytes(o);
  }

  /** Decodes strictly; the signature is decoded, not verified (that needs the meter's key). */
  public static OrderMessage decode(byte[] payload) throws ProtocolException {
    String what = "order";
    ObjectNode o = Json.read(payload, what, FIELDS);
    String action = Json.text(o, "action", what);
    if (!action.equals("place") && !action.equals("cancel")) {
      throw new ProtocolException(
          RejectReason.OUT_OF_RANGE, "order.action must be place or cancel, was " + action);
    }
    boolean cancel = action.equals("cancel");
    if (cancel) {
      for (String f : PLACE_ONLY) {
        if (o.has(f)) {
          throw new ProtocolException(RejectReason.UNKNOWN_FIELD, "a cancel has no '" + f + "'");
        }
      }
    }
    String id = Json.text(o, "id", what);
    String meter = Json.text(o, "meter", what);
    String site = Json.text(o, "site", what);
    if (!MeterId.isValid(id) || !MeterId.isValid(meter) || !SiteId.isValid(site)) {
      throw new ProtocolException(
          RejectReason.INVALID_ID, "order: id, meter and site must be valid ids");
    }
    Instant at = Json.instant(o, "at", what);
    byte[] sig = null;
    if (o.has("sig")) {
      try {
        sig = Base64.getDecoder().decode(Json.text(o, "sig", what));
      } catch (IllegalArgumentException e) {
        throw new ProtocolException(RejectReason.BAD_SIGNATURE, "order.sig is not Base64");
      }
    }
    if (cancel) {
      return new OrderMessage(
          id, MeterId.of(meter), SiteId.of(site), true, false, null, 0, 0, false, false, at, sig);
    }
    String side = Json.text(o, "side", what);
    if (!side.equals("bid") && !side.equals("offer")) {
      throw new ProtocolException(
          RejectReason.OUT_OF_RANGE, "order.side must be bid or offer, was " + side);
    }
    JsonNode e = Json.required(o, "energy_wh", what);
    if (!e.isIntegralNumber()) {
      throw new ProtocolException(
          RejectReason.WRONG_TYPE, "order.energy_wh must be a whole number of Wh");
    }
    JsonNode p = Json.required(o, "limit_price_per_kwh", what);
    if (!p.isNumber()) {
      throw new ProtocolException(
          RejectReason.WRONG_TYPE, "order.limit_price_per_kwh must be a number");
    }
    java.math.BigDecimal micros = p.decimalValue().movePointRight(6);
    if (micros.stripTrailingZeros().scale() > 0) {
      throw new ProtocolException(
          RejectReason.OUT_OF_RANGE, "order.limit_price_per_kwh has more than 6 decimals");
    }
    try {
      return new OrderMessage(
          id,
          MeterId.of(meter),
          SiteId.of(site),
          false,
          side.equals("bid"),
          Json.instant(o, "interval", what),
          e.longValue(),
          micros.longValueExact(),
          flag(o, "local_only"),
          side.equals("bid") && flag(o, "renewable_only"),
          at,
          sig);
    } catch (ArithmeticException | IllegalArgumentException ex) {
      throw new ProtocolException(RejectReason.OUT_OF_RANGE, "order: " + ex.getMessage());
    }
  }

  private static boolean flag(ObjectNode o, String field) throws ProtocolException {
    JsonNode n = o.get(field);
    if (n == null) {
      return false;
    }
    if (!n.isBoolean()) {
      throw new ProtocolException(
          RejectReason.WRONG_TYPE, "order." + field + " must be true or false");
    }
    return n.booleanValue();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OrderMessage m
        && java.util.Arrays.equals(canonicalBytes(), m.canonicalBytes())
        && java.util.Arrays.equals(signature, m.signature);
  }

  @Override
  public int hashCode() {
    return java.util.Arrays.hashCode(canonicalBytes());
  }
}

package org.gridweave.controller.market;

import java.time.Instant;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/**
 * A bid (to buy) or an offer (to sell) energy delivered in one interval.
 *
 * @param id unique per market (an id-safe string)
 * @param site the prosumer's site; {@code meter} measures it
 * @param bid true to buy, false to sell
 * @param interval the start of the delivery interval
 * @param energyWh whole watt-hours, at least 1
 * @param limitPriceMicros the limit price in millionths of a currency unit per kWh: a bid pays at
 *     most this, an offer sells for at least this
 * @param localOnly trade only with sites on the same feeder
 * @param renewableOnly (bids) buy only from sites with PV or wind
 * @param submittedAt when the market accepted it (time priority among equal prices)
 */
public record Order(
    String id,
    SiteId site,
    MeterId meter,
    boolean bid,
    Instant interval,
    long energyWh,
    long limitPriceMicros,
    boolean localOnly,
    boolean renewableOnly,
    Instant submittedAt) {

  public static final long MAX_ENERGY_WH = 1_000_000_000L;

  public Order {
    if (id == null || !MeterId.isValid(id)) {
      throw new OrderRejected(
          OrderReason.INVALID_ORDER, "order id must be 1-64 id characters, was " + id);
    }
    if (site == null || meter == null || interval == null || submittedAt == null) {
      throw new OrderRejected(
          OrderReason.INVALID_ORDER, "site, meter, interval and submission time are required");
    }
    if (energyWh <= 0) {
      throw new OrderRejected(
          OrderReason.NON_POSITIVE_ENERGY, "energy must be at least 1 Wh, was " + energyWh);
    }
    if (energyWh > MAX_ENERGY_WH) {
      throw new OrderRejected(
          OrderReason.ENERGY_TOO_LARGE, "energy must be at most 1 GWh, was " + energyWh + " Wh");
    }
  }

  public double limitPricePerKwh() {
    return limitPriceMicros / 1e6;
  }

  public static long micros(double perKwh) {
    return Math.round(perKwh * 1e6);
  }
}

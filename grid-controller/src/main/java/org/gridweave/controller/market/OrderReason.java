package org.gridweave.controller.market;

/** Why an order is refused; codes are never renamed (REST and MQTT clients match on them). */
public enum OrderReason {
  NON_POSITIVE_ENERGY,
  ENERGY_TOO_LARGE,
  PRICE_OUT_OF_BOUNDS,
  AFTER_GATE_CLOSURE,
  UNKNOWN_METER,
  REVOKED_METER,
  FORGED_SIGNATURE,
  DUPLICATE_ORDER_ID,
  INVALID_ORDER,
  UNKNOWN_ORDER,
  /** The site already has an open order on the other side for the interval (one side each). */
  BOTH_SIDES,
  /** An operator paused the market: no new orders until it is resumed. */
  MARKET_PAUSED
}

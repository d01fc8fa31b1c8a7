package org.gridweave.forecasting.service.target;

/**
 * What a target measures, in Wh per step (energy over each step).
 *
 * <ul>
 *   <li>{@link #DEMAND}: the site's consumption, {@code import_wh - export_wh + pv_wh + wind_wh}
 *       (missing PV or wind counters count as 0). Meters see only the grid exchange; whatever the
 *       site generates is either consumed on site or exported, so adding generation back recovers
 *       consumption. Battery charging counts as consumption, discharging lowers it.
 *   <li>{@link #PV}: {@code pv_wh}, the PV generation counter's increase.
 *   <li>{@link #WIND}: {@code wind_wh}.
 * </ul>
 */
public enum Quantity {
  DEMAND("demand"),
  PV("pv"),
  WIND("wind");

  private final String key;

  Quantity(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }
}

package org.gridweave.controller.dispatch;

/**
 * What a site is now, at the start of the plan.
 *
 * @param batteryKwh energy in the battery (0 without one)
 * @param flexServedKwh energy the flexible load already received in its currently open window
 *     (ignored when no window is open)
 */
public record SiteState(double batteryKwh, double flexServedKwh) {
  public static final SiteState EMPTY = new SiteState(0, 0);

  public SiteState {
    if (!(batteryKwh >= 0) || !Double.isFinite(batteryKwh)) {
      throw new IllegalArgumentException("battery energy must be ≥ 0 kWh, was " + batteryKwh);
    }
    if (!(flexServedKwh >= 0) || !Double.isFinite(flexServedKwh)) {
      throw new IllegalArgumentException(
          "served flexible energy must be ≥ 0, was " + flexServedKwh);
    }
  }
}

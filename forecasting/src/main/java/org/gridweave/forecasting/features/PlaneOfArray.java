package org.gridweave.forecasting.features;

/**
 * Irradiation on a tilted plane (a PV array) from the irradiation on a horizontal surface, the way
 * PV models have done it since the 1970s (ADR 0023): the horizontal global is split into beam and
 * diffuse by the Erbs correlation (Erbs, Klein and Duffie 1982) on the clearness index, the beam is
 * carried onto the plane by the ratio of the plane's to the horizontal's top-of-atmosphere energy
 * over the same hour, the sky's diffuse is taken as isotropic (Liu and Jordan 1963) and the ground
 * reflects a fixed albedo.
 *
 * @param tiltDegrees the plane's tilt from the horizontal, 0..90
 * @param albedo the ground's reflectance, 0..1
 */
public record PlaneOfArray(double tiltDegrees, double albedo) {
  /** The albedo PV models assume without a measurement (grass, soil). */
  public static final double DEFAULT_ALBEDO = 0.2;

  public PlaneOfArray {
    if (!(tiltDegrees >= 0 && tiltDegrees <= 90)) {
      throw new IllegalArgumentException("tilt must be 0..90 degrees: " + tiltDegrees);
    }
    if (!(albedo >= 0 && albedo <= 1)) {
      throw new IllegalArgumentException("albedo must be 0..1: " + albedo);
    }
  }

  /**
   * Erbs et al. (1982): the diffuse share of the horizontal global irradiation at clearness index
   * {@code kt} (global over top-of-atmosphere, clipped to 0..1).
   */
  public static double diffuseFraction(double kt) {
    double k = Math.max(0, Math.min(1, kt));
    if (k <= 0.22) {
      return 1 - 0.09 * k;
    }
    if (k <= 0.80) {
      return 0.9511 - 0.1604 * k + 4.388 * k * k - 16.638 * k * k * k + 12.336 * k * k * k * k;
    }
    return 0.165;
  }

  /**
   * The irradiation on the plane over an hour (same unit as {@code global}).
   *
   * @param global the horizontal global irradiation of the hour
   * @param topHorizontal the top-of-atmosphere energy on a horizontal surface in the same hour
   * @param topPlane the top-of-atmosphere energy on the plane in the same hour
   * @return 0 when {@code topHorizontal} is not positive (the sun is down)
   */
  public double irradiation(double global, double topHorizontal, double topPlane) {
    if (!(topHorizontal > 0) || !(global > 0)) {
      return 0;
    }
    double diffuse = global * diffuseFraction(global / topHorizontal);
    double beam = global - diffuse;
    double cosTilt = Math.cos(Math.toRadians(tiltDegrees));
    return beam * (topPlane / topHorizontal)
        + diffuse * (1 + cosTilt) / 2
        + albedo * global * (1 - cosTilt) / 2;
  }
}

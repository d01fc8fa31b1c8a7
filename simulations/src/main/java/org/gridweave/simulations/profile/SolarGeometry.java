package org.gridweave.simulations.profile;

/**
 * The sun's elevation, from the textbook approximations (declination by Cooper's formula, solar
 * time from longitude, no equation of time): good to about a degree, enough for clear-sky PV.
 */
public final class SolarGeometry {
  private SolarGeometry() {}

  /**
   * @param epochSecond a UTC instant
   * @return the sine of the sun's elevation (negative at night)
   */
  public static double sinElevation(double latitudeDeg, double longitudeDeg, double epochSecond) {
    double days = epochSecond / 86400.0;
    double dayOfYear = days % 365.2422;
    double hourUtc = (days - Math.floor(days)) * 24;
    double decl = Math.toRadians(23.44) * Math.sin(2 * Math.PI * (284 + dayOfYear + 1) / 365.0);
    double solarHour = hourUtc + longitudeDeg / 15.0;
    double hourAngle = Math.toRadians(15 * (solarHour - 12));
    double lat = Math.toRadians(latitudeDeg);
    return Math.sin(lat) * Math.sin(decl) + Math.cos(lat) * Math.cos(decl) * Math.cos(hourAngle);
  }
}

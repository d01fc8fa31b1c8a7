package org.gridweave.forecasting.features;

import java.time.Duration;
import java.time.LocalDateTime;

/**
 * The sun seen from a place on earth: elevation and the irradiance a horizontal surface would get
 * at the top of the atmosphere. Declination, equation of time and the earth–sun distance follow
 * Spencer's Fourier series (1971; declination within about 0.05°, equation of time within about 30
 * s), which is ample for hourly energy data.
 *
 * @param latitude degrees, north positive
 * @param longitude degrees, east positive
 */
public record SolarGeometry(double latitude, double longitude) {
  /** Solar constant, W/m². */
  public static final double SOLAR_CONSTANT = 1361;

  private static final int SUBSTEPS = 12; // per hour of integration: 5 minutes

  public SolarGeometry {
    if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
      throw new IllegalArgumentException(
          "no such place: latitude " + latitude + ", longitude " + longitude);
    }
  }

  /** Cosine of the solar zenith angle at a UTC time; negative when the sun is below the horizon. */
  public double cosZenith(LocalDateTime utc) {
    return sun(utc)[2];
  }

  /**
   * Cosine of the angle between the sun and the normal of a plane tilted {@code tiltDegrees} from
   * the horizontal, facing {@code azimuthDegrees} (0 north, 90 east); negative when the sun is
   * behind the plane. A tilt of 0 gives {@link #cosZenith}.
   */
  public double cosIncidence(LocalDateTime utc, double tiltDegrees, double azimuthDegrees) {
    return new Plane(tiltDegrees, azimuthDegrees).cosIncidence(sun(utc));
  }

  /** A plane's orientation, its sines and cosines worked out once. */
  private record Plane(double sinTilt, double cosTilt, double sinAzimuth, double cosAzimuth) {
    Plane(double tiltDegrees, double azimuthDegrees) {
      this(
          Math.sin(Math.toRadians(tiltDegrees)),
          Math.cos(Math.toRadians(tiltDegrees)),
          Math.sin(Math.toRadians(azimuthDegrees)),
          Math.cos(Math.toRadians(azimuthDegrees)));
    }

    /** Cosine of the angle between the sun (a {@link #sun} vector) and the plane's normal. */
    double cosIncidence(double[] sun) {
      return sun[0] * sinTilt * sinAzimuth + sun[1] * sinTilt * cosAzimuth + sun[2] * cosTilt;
    }
  }

  /** The azimuth of a plane facing the equator from this place: north in the south, south else. */
  public double equatorAzimuth() {
    return latitude < 0 ? 0 : 180;
  }

  /** The unit vector towards the sun at a UTC time, as (east, north, up). */
  private double[] sun(LocalDateTime utc) {
    double gamma = dayAngle(utc);
    double declination =
        0.006918
            - 0.399912 * Math.cos(gamma)
            + 0.070257 * Math.sin(gamma)
            - 0.006758 * Math.cos(2 * gamma)
            + 0.000907 * Math.sin(2 * gamma)
            - 0.002697 * Math.cos(3 * gamma)
            + 0.00148 * Math.sin(3 * gamma);
    double equationOfTimeMinutes =
        229.18
            * (0.000075
                + 0.001868 * Math.cos(gamma)
                - 0.032077 * Math.sin(gamma)
                - 0.014615 * Math.cos(2 * gamma)
                - 0.040849 * Math.sin(2 * gamma));
    double utcMinutes = utc.getHour() * 60 + utc.getMinute() + utc.getSecond() / 60.0;
    double solarMinutes = utcMinutes + equationOfTimeMinutes + 4 * longitude;
    double hourAngle = Math.toRadians(solarMinutes / 4 - 180);
    double phi = Math.toRadians(latitude);
    return new double[] {
      -Math.cos(declination) * Math.sin(hourAngle),
      Math.cos(phi) * Math.sin(declination)
          - Math.sin(phi) * Math.cos(declination) * Math.cos(hourAngle),
      Math.sin(phi) * Math.sin(declination)
          + Math.cos(phi) * Math.cos(declination) * Math.cos(hourAngle)
    };
  }

  /** Solar elevation above the horizon in degrees (negative at night). */
  public double elevationDegrees(LocalDateTime utc) {
    return Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, cosZenith(utc)))));
  }

  /**
   * Energy on a horizontal surface at the top of the atmosphere over {@code [from, from + length)},
   * in J/m² (0 while the sun is down).
   */
  public double extraterrestrialJoules(LocalDateTime from, Duration length) {
    return extraterrestrialJoules(from, length, 0, 0);
  }

  /**
   * Energy on a plane tilted {@code tiltDegrees} and facing {@code azimuthDegrees} (see {@link
   * #cosIncidence}) at the top of the atmosphere over {@code [from, from + length)}, in J/m²: 0
   * while the sun is down or behind the plane.
   */
  public double extraterrestrialJoules(
      LocalDateTime from, Duration length, double tiltDegrees, double azimuthDegrees) {
    long seconds = length.getSeconds();
    if (seconds <= 0) {
      throw new IllegalArgumentException("length must be positive: " + length);
    }
    int n = (int) Math.max(1, Math.round(SUBSTEPS * seconds / 3600.0));
    double dt = (double) seconds / n;
    Plane plane = new Plane(tiltDegrees, azimuthDegrees);
    double sum = 0;
    for (int i = 0; i < n; i++) {
      LocalDateTime t = from.plusNanos((long) ((i + 0.5) * dt * 1e9));
      double[] sun = sun(t);
      if (sun[2] > 0) {
        sum += SOLAR_CONSTANT * distanceFactor(t) * Math.max(0, plane.cosIncidence(sun)) * dt;
      }
    }
    return sum;
  }

  /** Irradiance on a horizontal surface at the top of the atmosphere, W/m². */
  public double irradiance(LocalDateTime utc) {
    return SOLAR_CONSTANT * distanceFactor(utc) * Math.max(0, cosZenith(utc));
  }

  /** The square of the mean earth–sun distance over the distance at a time (about 0.97..1.03). */
  private static double distanceFactor(LocalDateTime utc) {
    double gamma = dayAngle(utc);
    return 1.000110
        + 0.034221 * Math.cos(gamma)
        + 0.001280 * Math.sin(gamma)
        + 0.000719 * Math.cos(2 * gamma)
        + 0.000077 * Math.sin(2 * gamma);
  }

  private static double dayAngle(LocalDateTime utc) {
    int days = utc.toLocalDate().lengthOfYear();
    double hours = utc.getHour() + utc.getMinute() / 60.0 + utc.getSecond() / 3600.0;
    return 2 * Math.PI / days * (utc.getDayOfYear() - 1 + (hours - 12) / 24);
  }
}

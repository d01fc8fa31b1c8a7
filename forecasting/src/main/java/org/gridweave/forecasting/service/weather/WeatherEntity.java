package org.gridweave.forecasting.service.weather;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.time.Instant;
import java.util.Objects;

/** A stored weather point (Hibernate Reactive); nulls where a quantity is not forecast. */
@Entity
@Table(name = "weather_forecast", schema = "forecasting")
@IdClass(WeatherEntity.Key.class)
public class WeatherEntity {
  @Id public String area;

  @Id
  @Column(name = "valid_at")
  public Instant validAt;

  @Column(name = "temperature_c")
  public Double temperatureC;

  @Column(name = "irradiance_w_m2")
  public Double irradianceWm2;

  @Column(name = "wind_speed_m_s")
  public Double windSpeedMs;

  @Column(name = "wind_direction_deg")
  public Double windDirectionDeg;

  @Column(name = "received_at")
  public Instant receivedAt;

  static WeatherEntity of(String area, WeatherPoint p, Instant receivedAt) {
    WeatherEntity e = new WeatherEntity();
    e.area = area;
    e.validAt = p.time();
    e.temperatureC = orNull(p.temperatureC());
    e.irradianceWm2 = orNull(p.irradianceWm2());
    e.windSpeedMs = orNull(p.windSpeedMs());
    e.windDirectionDeg = orNull(p.windDirectionDeg());
    e.receivedAt = receivedAt;
    return e;
  }

  WeatherPoint toPoint() {
    return new WeatherPoint(
        validAt, nan(temperatureC), nan(irradianceWm2), nan(windSpeedMs), nan(windDirectionDeg));
  }

  private static Double orNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  private static double nan(Double v) {
    return v == null ? Double.NaN : v;
  }

  /** The primary key: one value per area and time. */
  public static class Key implements Serializable {
    public String area;
    public Instant validAt;

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k
          && Objects.equals(area, k.area)
          && Objects.equals(validAt, k.validAt);
    }

    @Override
    public int hashCode() {
      return Objects.hash(area, validAt);
    }
  }
}

package org.gridweave.firmware.site;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import org.gridweave.core.protocol.Measurement;

/**
 * What a driver must remember across a firmware restart: its energy counters, battery state of
 * charge, held setpoints and the instant of its last reading.
 *
 * @param counters energy counter readings in Wh
 * @param batterySocPct battery state of charge, NaN without battery
 * @param setpoints held setpoints
 * @param lastReading the time of the last reading, or null before the first
 */
public record SiteState(
    Map<Measurement, Double> counters,
    double batterySocPct,
    Setpoints setpoints,
    Instant lastReading) {

  public SiteState {
    Map<Measurement, Double> copy = new EnumMap<>(Measurement.class);
    copy.putAll(counters);
    for (Measurement m : copy.keySet()) {
      if (!m.isEnergyCounter()) {
        throw new IllegalArgumentException(m.field() + " is not an energy counter");
      }
    }
    counters = Map.copyOf(copy);
    setpoints = setpoints == null ? Setpoints.NONE : setpoints;
  }
}

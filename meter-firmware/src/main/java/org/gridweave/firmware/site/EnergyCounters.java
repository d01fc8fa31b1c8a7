package org.gridweave.firmware.site;

import java.util.EnumMap;
import java.util.Map;
import org.gridweave.core.protocol.Measurement;

/** Energy counters that integrate power over time; they only ever go up. */
final class EnergyCounters {
  private final Map<Measurement, Double> wattHours = new EnumMap<>(Measurement.class);

  EnergyCounters(Iterable<Measurement> counters) {
    for (Measurement m : counters) {
      wattHours.put(m, 0.0);
    }
  }

  void add(Measurement counter, double watts, double seconds) {
    if (watts > 0 && seconds > 0) {
      wattHours.computeIfPresent(counter, (m, wh) -> wh + watts * seconds / 3600.0);
    }
  }

  double get(Measurement counter) {
    return wattHours.getOrDefault(counter, Double.NaN);
  }

  Map<Measurement, Double> snapshot() {
    return Map.copyOf(wattHours);
  }

  /** Takes restored readings, never lowering a counter. */
  void restore(Map<Measurement, Double> saved) {
    saved.forEach((m, wh) -> wattHours.computeIfPresent(m, (k, current) -> Math.max(current, wh)));
  }

  Map<Measurement, Double> view() {
    return wattHours;
  }
}

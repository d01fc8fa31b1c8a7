package org.gridweave.controller.grid;

import java.time.LocalTime;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;

/**
 * A load that must receive {@code energy} each day between {@code windowStart} and {@code
 * windowEnd} (local time of the grid; a window may run past midnight, e.g. 18:00–07:00), at any
 * power up to {@code maxPower} — an EV charger, a heat-pump boiler, a pool pump. It is not part of
 * the site's demand forecast.
 */
public record FlexibleLoad(
    Watts maxPower, WattHours energy, LocalTime windowStart, LocalTime windowEnd) {

  public FlexibleLoad {
    if (maxPower == null || energy == null) {
      throw new GridModelException("max_kw", "power and energy are required");
    }
    if (maxPower.value() <= 0) {
      throw new GridModelException("max_kw", "must be above 0, was " + maxPower);
    }
    if (windowStart == null || windowEnd == null) {
      throw new GridModelException("window_start", "the window's start and end are required");
    }
    if (windowStart.equals(windowEnd)) {
      throw new GridModelException("window_end", "the window is empty: start equals end");
    }
    double hours = windowHours(windowStart, windowEnd);
    if (energy.kilowattHours() > maxPower.kilowatts() * hours + 1e-9) {
      throw new GridModelException(
          "energy_kwh",
          energy + " cannot be served in a " + hours + " h window at " + maxPower + " at most");
    }
  }

  static double windowHours(LocalTime start, LocalTime end) {
    int minutes = end.toSecondOfDay() / 60 - start.toSecondOfDay() / 60;
    if (minutes <= 0) {
      minutes += 24 * 60;
    }
    return minutes / 60.0;
  }
}

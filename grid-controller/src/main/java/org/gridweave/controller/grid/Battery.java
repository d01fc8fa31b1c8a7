package org.gridweave.controller.grid;

import org.gridweave.core.unit.Percent;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;

/**
 * A site's battery.
 *
 * @param capacity usable energy between 0 % and 100 % state of charge
 * @param maxCharge the highest charging power, on the AC side
 * @param maxDischarge the highest discharging power, on the AC side
 * @param roundTripEfficiency energy out over energy in, in (0, 1]; split evenly between charging
 *     and discharging (each √η)
 * @param socMin the lowest state of charge the controller may plan for
 * @param socMax the highest state of charge the controller may plan for
 */
public record Battery(
    WattHours capacity,
    Watts maxCharge,
    Watts maxDischarge,
    double roundTripEfficiency,
    Percent socMin,
    Percent socMax) {

  public Battery {
    if (capacity == null || maxCharge == null || maxDischarge == null) {
      throw new GridModelException("capacity_kwh", "capacity and power ratings are required");
    }
    if (capacity.value() <= 0) {
      throw new GridModelException("capacity_kwh", "must be above 0, was " + capacity);
    }
    if (!(roundTripEfficiency > 0 && roundTripEfficiency <= 1)) {
      throw new GridModelException(
          "round_trip_efficiency", "must be in (0, 1], was " + roundTripEfficiency);
    }
    if (socMin == null || socMax == null) {
      throw new GridModelException("soc_min_pct", "SoC bounds are required");
    }
    if (socMin.value() > socMax.value()) {
      throw new GridModelException(
          "soc_min_pct", "the lower SoC bound " + socMin + " is above the upper bound " + socMax);
    }
  }

  /**
   * √η: the share of AC energy that reaches the cells when charging (and back when discharging).
   */
  public double oneWayEfficiency() {
    return Math.sqrt(roundTripEfficiency);
  }

  public double capacityKwh() {
    return capacity.kilowattHours();
  }

  public double minEnergyKwh() {
    return capacity.kilowattHours() * socMin.fraction();
  }

  public double maxEnergyKwh() {
    return capacity.kilowattHours() * socMax.fraction();
  }
}

package org.gridweave.firmware.site;

import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;

/**
 * What a site's assets can do; commands are checked against these before they reach a driver. A
 * zero rating means the site has no such asset.
 *
 * @param pvPeak PV array peak power
 * @param wind wind turbine rated power
 * @param batteryCapacity usable battery energy
 * @param batteryMaxCharge highest battery charging power
 * @param batteryMaxDischarge highest battery discharging power
 * @param flexibleLoad load that may be deferred on request
 * @param gridImportLimit connection limit for import
 * @param gridExportLimit connection limit for export
 */
public record SiteRatings(
    Watts pvPeak,
    Watts wind,
    WattHours batteryCapacity,
    Watts batteryMaxCharge,
    Watts batteryMaxDischarge,
    Watts flexibleLoad,
    Watts gridImportLimit,
    Watts gridExportLimit) {

  public SiteRatings {
    if (pvPeak == null
        || wind == null
        || batteryCapacity == null
        || batteryMaxCharge == null
        || batteryMaxDischarge == null
        || flexibleLoad == null
        || gridImportLimit == null
        || gridExportLimit == null) {
      throw new IllegalArgumentException("every site rating is required (use 0 for no asset)");
    }
    if (batteryCapacity.value() == 0
        && (batteryMaxCharge.value() > 0 || batteryMaxDischarge.value() > 0)) {
      throw new IllegalArgumentException(
          "a site without battery capacity cannot have battery charge or discharge power");
    }
  }

  /** A typical prosumer house: 5 kW PV, 10 kWh battery, 17 kW import connection. */
  public static SiteRatings typicalHouse() {
    return new SiteRatings(
        Watts.of(5000),
        Watts.ZERO,
        WattHours.of(10_000),
        Watts.of(3000),
        Watts.of(3000),
        Watts.of(2000),
        Watts.of(17_000),
        Watts.of(10_000));
  }

  /** A consumer-only house: no generation, no battery. */
  public static SiteRatings consumerOnly(Watts importLimit) {
    return new SiteRatings(
        Watts.ZERO,
        Watts.ZERO,
        WattHours.ZERO,
        Watts.ZERO,
        Watts.ZERO,
        Watts.ZERO,
        importLimit,
        Watts.ZERO);
  }

  public boolean hasBattery() {
    return batteryCapacity.value() > 0;
  }

  public boolean hasPv() {
    return pvPeak.value() > 0;
  }

  public boolean hasWind() {
    return wind.value() > 0;
  }
}

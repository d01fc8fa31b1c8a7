package org.gridweave.gateway.registry;

import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;

/** The asset ratings a meter is registered with; zero when the site lacks the asset. */
public record SiteRatings(
    Watts pv,
    Watts wind,
    WattHours batteryCapacity,
    Watts batteryCharge,
    Watts batteryDischarge,
    Watts flexibleLoad,
    Watts importLimit,
    Watts exportLimit) {
  public static final SiteRatings NONE =
      new SiteRatings(
          Watts.ZERO,
          Watts.ZERO,
          WattHours.ZERO,
          Watts.ZERO,
          Watts.ZERO,
          Watts.ZERO,
          Watts.ZERO,
          Watts.ZERO);
}

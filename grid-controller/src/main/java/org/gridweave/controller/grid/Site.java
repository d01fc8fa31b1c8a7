package org.gridweave.controller.grid;

import java.util.Optional;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.Watts;

/**
 * A prosumer's site: one grid connection measured by one meter, on one feeder.
 *
 * @param importLimit the connection's import limit
 * @param exportLimit the connection's export limit (0 = no export allowed)
 * @param pvPeak installed PV (kWp); zero when there is none
 * @param windRated rated wind power; zero when there is none (not curtailable in protocol v1)
 * @param curtailmentCostPerKwh what curtailing this site's PV costs per kWh on top of the lost
 *     revenue (e.g. a flexibility contract's compensation); empty = the dispatch default. The
 *     optimiser curtails the cheapest sites first.
 */
public record Site(
    SiteId id,
    FeederId feeder,
    MeterId meter,
    Watts importLimit,
    Watts exportLimit,
    Watts pvPeak,
    Watts windRated,
    Optional<Battery> battery,
    Optional<FlexibleLoad> flexibleLoad,
    java.util.OptionalDouble curtailmentCostPerKwh) {

  public Site {
    if (id == null) {
      throw new GridModelException("id", "is required");
    }
    if (feeder == null) {
      throw new GridModelException("feeder", "is required");
    }
    if (meter == null) {
      throw new GridModelException("meter", "is required");
    }
    if (importLimit == null || importLimit.value() <= 0) {
      throw new GridModelException("import_limit_kw", "must be above 0, was " + importLimit);
    }
    if (exportLimit == null) {
      throw new GridModelException("export_limit_kw", "is required");
    }
    pvPeak = pvPeak == null ? Watts.ZERO : pvPeak;
    windRated = windRated == null ? Watts.ZERO : windRated;
    battery = battery == null ? Optional.empty() : battery;
    flexibleLoad = flexibleLoad == null ? Optional.empty() : flexibleLoad;
    curtailmentCostPerKwh =
        curtailmentCostPerKwh == null ? java.util.OptionalDouble.empty() : curtailmentCostPerKwh;
    if (curtailmentCostPerKwh.isPresent()
        && !(curtailmentCostPerKwh.getAsDouble() >= 0
            && curtailmentCostPerKwh.getAsDouble() <= 100)) {
      throw new GridModelException(
          "curtailment_cost_per_kwh",
          "must be within 0..100, was " + curtailmentCostPerKwh.getAsDouble());
    }
  }

  /** A site without a curtailment cost of its own. */
  public Site(
      SiteId id,
      FeederId feeder,
      MeterId meter,
      Watts importLimit,
      Watts exportLimit,
      Watts pvPeak,
      Watts windRated,
      Optional<Battery> battery,
      Optional<FlexibleLoad> flexibleLoad) {
    this(
        id,
        feeder,
        meter,
        importLimit,
        exportLimit,
        pvPeak,
        windRated,
        battery,
        flexibleLoad,
        java.util.OptionalDouble.empty());
  }

  public boolean hasPv() {
    return pvPeak.value() > 0;
  }

  public boolean hasWind() {
    return windRated.value() > 0;
  }
}

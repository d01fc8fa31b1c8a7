package org.gridweave.controller.tariff;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Prices by local time of day: each band applies from its start until the next band's start (the
 * last band runs past midnight into the first). Bands must start at distinct times; there must be
 * one at 00:00 or the last band wraps around.
 */
public final class TimeOfUseTariff implements Tariff {

  /** From {@code from} (local time) on: these prices per kWh. */
  public record Band(LocalTime from, double importPerKwh, double exportPerKwh) {}

  private final ZoneId zone;
  private final List<Band> bands;

  public TimeOfUseTariff(ZoneId zone, List<Band> bands) {
    if (bands == null || bands.isEmpty()) {
      throw new TariffException("bands", "a time-of-use tariff needs at least one band");
    }
    List<Band> sorted = new ArrayList<>(bands);
    for (int i = 0; i < sorted.size(); i++) {
      Band b = sorted.get(i);
      String at = "bands[" + i + "]";
      if (b.from() == null) {
        throw new TariffException(at + ".from", "is required");
      }
      PriceRules.check(at, b.importPerKwh(), b.exportPerKwh());
    }
    sorted.sort(Comparator.comparing(Band::from));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).from().equals(sorted.get(i - 1).from())) {
        throw new TariffException("bands", "two bands start at " + sorted.get(i).from());
      }
    }
    this.zone = zone;
    this.bands = List.copyOf(sorted);
  }

  public List<Band> bands() {
    return bands;
  }

  private Band at(Instant t) {
    LocalTime local = t.atZone(zone).toLocalTime();
    Band current = bands.get(bands.size() - 1);
    for (Band b : bands) {
      if (!b.from().isAfter(local)) {
        current = b;
      }
    }
    return current;
  }

  @Override
  public double importPerKwh(Instant intervalStart) {
    return at(intervalStart).importPerKwh();
  }

  @Override
  public double exportPerKwh(Instant intervalStart) {
    return at(intervalStart).exportPerKwh();
  }
}

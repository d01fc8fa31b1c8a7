package org.gridweave.controller.tariff;

final class PriceRules {
  static final double MAX_ABS_PER_KWH = 100.0;

  private PriceRules() {}

  static void check(String at, double importPerKwh, double exportPerKwh) {
    if (!Double.isFinite(importPerKwh) || Math.abs(importPerKwh) > MAX_ABS_PER_KWH) {
      throw new TariffException(
          at + ".import_per_kwh", "must be finite and within ±100 per kWh, was " + importPerKwh);
    }
    if (!Double.isFinite(exportPerKwh) || Math.abs(exportPerKwh) > MAX_ABS_PER_KWH) {
      throw new TariffException(
          at + ".export_per_kwh", "must be finite and within ±100 per kWh, was " + exportPerKwh);
    }
    if (exportPerKwh > importPerKwh) {
      throw new TariffException(
          at + ".export_per_kwh",
          "export price "
              + exportPerKwh
              + " is above the import price "
              + importPerKwh
              + ": a site could import and export at once for profit");
    }
  }
}

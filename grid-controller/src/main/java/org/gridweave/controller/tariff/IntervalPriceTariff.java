package org.gridweave.controller.tariff;

import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Explicit prices per interval, as read from a CSV with the header {@code
 * time,import_per_kwh,export_per_kwh} (time: ISO-8601 with offset, the interval's start). A price
 * holds until the next row; before the first row and after {@code last row + step} there is no
 * price and asking for one is an error (the dispatch then falls back to its default tariff).
 */
public final class IntervalPriceTariff implements Tariff {
  private final TreeMap<Instant, double[]> prices;
  private final Duration step;

  private IntervalPriceTariff(TreeMap<Instant, double[]> prices, Duration step) {
    this.prices = prices;
    this.step = step;
  }

  public static IntervalPriceTariff readCsv(Reader csv, Duration step) throws IOException {
    CSVFormat format =
        CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get();
    TreeMap<Instant, double[]> prices = new TreeMap<>();
    try (CSVParser parser = format.parse(csv)) {
      for (String needed : new String[] {"time", "import_per_kwh", "export_per_kwh"}) {
        if (!parser.getHeaderMap().containsKey(needed)) {
          throw new TariffException("line 1", "the header has no column '" + needed + "'");
        }
      }
      Instant previous = null;
      for (CSVRecord r : parser) {
        String line = "line " + (r.getRecordNumber() + 1);
        if (!r.isConsistent()) {
          throw new TariffException(
              line, "has " + r.size() + " values; the header has " + parser.getHeaderMap().size());
        }
        Instant t;
        try {
          t = OffsetDateTime.parse(r.get("time")).toInstant();
        } catch (DateTimeParseException | IllegalArgumentException e) {
          throw new TariffException(
              line + ".time", "'" + r.get("time") + "' is not an ISO-8601 time with offset");
        }
        if (previous != null && !t.isAfter(previous)) {
          throw new TariffException(line + ".time", "times must increase; " + t + " does not");
        }
        double imp = number(r, "import_per_kwh", line);
        double exp = number(r, "export_per_kwh", line);
        PriceRules.check(line, imp, exp);
        prices.put(t, new double[] {imp, exp});
        previous = t;
      }
    }
    if (prices.isEmpty()) {
      throw new TariffException("line 2", "the CSV has no prices");
    }
    return new IntervalPriceTariff(prices, step);
  }

  private static double number(CSVRecord r, String column, String line) {
    try {
      return Double.parseDouble(r.get(column));
    } catch (NumberFormatException | IllegalStateException e) {
      throw new TariffException(line + "." + column, "'" + r.get(column) + "' is not a number");
    }
  }

  private double[] at(Instant t) {
    Map.Entry<Instant, double[]> e = prices.floorEntry(t);
    if (e == null || t.isAfter(prices.lastKey().plus(step).minusNanos(1))) {
      throw new TariffException("time", "no price for " + t);
    }
    return e.getValue();
  }

  public boolean covers(Instant from, Instant to) {
    return !prices.isEmpty()
        && !from.isBefore(prices.firstKey())
        && !to.isAfter(prices.lastKey().plus(step));
  }

  @Override
  public double importPerKwh(Instant intervalStart) {
    return at(intervalStart)[0];
  }

  @Override
  public double exportPerKwh(Instant intervalStart) {
    return at(intervalStart)[1];
  }
}

package org.gridweave.forecasting.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;

/**
 * GEFCom2014 solar track: 3 zones, hourly {@code POWER} per unit of capacity, 12 ECMWF variables.
 * Time stamps {@code YYYYMMDD HH:MM} (UTC; the day's block runs 01:00..00:00).
 *
 * <p>The accumulated fields (VAR169, VAR175, VAR178, VAR228) restart every day at the 01:00 time
 * stamp: the 01:00 value is already the first hour's amount, later hours are differenced with the
 * previous hour of the same zone. Differences below zero (tiny float noise in the source, a few
 * hundred J/m² at most) are clipped to 0 and counted in the notes. Rows are sorted by zone and time
 * by the grid, whatever their order in the file.
 */
public final class Gefcom2014Solar {
  private Gefcom2014Solar() {}

  public static final String NAME = "gefcom2014-solar";
  public static final int RESET_HOUR = 1;
  public static final List<String> FEATURES =
      List.of(
          "VAR78", "VAR79", "VAR134", "VAR157", "VAR164", "VAR165", "VAR166", "VAR167", "VAR169",
          "VAR175", "VAR178", "VAR228");
  public static final Set<String> ACCUMULATED = Set.of("VAR169", "VAR175", "VAR178", "VAR228");
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd HH:mm");

  public static SeriesTable read(Path dir) throws IOException {
    return read(dir.resolve("train_power_until_2013-01.csv"), dir.resolve("nwp_until_2013-01.csv"));
  }

  public static SeriesTable read(Path powerFile, Path nwpFile) throws IOException {
    SeriesTable.Builder b = new SeriesTable.Builder(NAME, Duration.ofHours(1), FEATURES);
    try (DataFiles.Csv csv = DataFiles.Csv.open(powerFile, ',')) {
      csv.header("ZONEID", "TIMESTAMP", "POWER");
      for (CSVRecord r : csv) {
        csv.requireSize(r, 3);
        String zone = zone(csv, r);
        LocalDateTime t = stamp(csv, r);
        double v = csv.number(r, 2);
        if (!Double.isNaN(v) && !b.target(zone, t, v)) {
          throw csv.error(r, "duplicate time " + r.get(1) + " for zone " + zone);
        }
      }
    }
    try (DataFiles.Csv csv = DataFiles.Csv.open(nwpFile, ',')) {
      String[] header = new String[2 + FEATURES.size()];
      header[0] = "ZONEID";
      header[1] = "TIMESTAMP";
      for (int f = 0; f < FEATURES.size(); f++) {
        header[2 + f] = FEATURES.get(f);
      }
      csv.header(header);
      for (CSVRecord r : csv) {
        csv.requireSize(r, header.length);
        String zone = zone(csv, r);
        LocalDateTime t = stamp(csv, r);
        for (int f = 0; f < FEATURES.size(); f++) {
          b.feature(zone, t, f, csv.number(r, 2 + f));
        }
      }
    }
    SeriesTable raw = b.build("time", "power", "zone");
    List<String> notes = new ArrayList<>();
    for (int f = 0; f < FEATURES.size(); f++) {
      if (!ACCUMULATED.contains(FEATURES.get(f))) {
        continue;
      }
      int clipped = 0;
      double worst = 0;
      for (SeriesTable.Series s : raw.series().values()) {
        double[] hourly = deaccumulate(s, s.features()[f]);
        for (int i = 0; i < hourly.length; i++) {
          if (hourly[i] < 0) {
            clipped++;
            worst = Math.min(worst, hourly[i]);
            hourly[i] = 0;
          }
        }
        s.features()[f] = hourly;
      }
      if (clipped > 0) {
        notes.add(
            FEATURES.get(f)
                + ": clipped "
                + clipped
                + " negative hourly differences to 0 (lowest "
                + worst
                + ")");
      }
    }
    return raw.withNotes(notes);
  }

  /**
   * Hourly amounts from a field accumulated since the last {@value #RESET_HOUR}:00 reset: the value
   * at the reset hour as is, otherwise the difference with the previous hour (NaN when either is
   * missing). Negative differences are returned as they are.
   */
  public static double[] deaccumulate(SeriesTable.Series s, double[] accumulated) {
    double[] out = new double[accumulated.length];
    for (int i = 0; i < accumulated.length; i++) {
      LocalDateTime t = s.time(i);
      if (t.getHour() == RESET_HOUR && t.getMinute() == 0) {
        out[i] = accumulated[i];
      } else if (i == 0) {
        out[i] = Double.NaN;
      } else {
        out[i] = accumulated[i] - accumulated[i - 1];
      }
    }
    return out;
  }

  private static String zone(DataFiles.Csv csv, CSVRecord r) throws MalformedDataException {
    return Integer.toString(csv.integer(r, 0));
  }

  private static LocalDateTime stamp(DataFiles.Csv csv, CSVRecord r) throws MalformedDataException {
    try {
      return LocalDateTime.parse(r.get(1), STAMP);
    } catch (DateTimeParseException e) {
      throw csv.error(r, "bad TIMESTAMP '" + r.get(1) + "', expected YYYYMMDD HH:MM");
    }
  }
}

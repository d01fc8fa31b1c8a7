package org.gridweave.forecasting.datasets;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;

/**
 * GEFCom2012 load track: the system load (zone 21 = sum of zones 1..20) with the 11 station
 * temperatures {@code t1..t11} as features. Hourly, UTC-free local clock taken as-is (no DST in the
 * data: every day has 24 hours).
 *
 * <p>Files: {@code Load_history*.csv} ({@code zone_id,year,month,day,h1..h24}, values quoted with
 * thousands separators) and {@code temperature_history.csv} (same layout with {@code station_id}).
 * Column {@code hN} is the hour starting at {@code N-1}:00. Empty cells (the withheld backcast
 * weeks, the end of 2008-06-30) stay missing: a system hour is known only when all 20 zones are.
 */
public final class Gefcom2012Load {
  private Gefcom2012Load() {}

  public static final String NAME = "gefcom2012-load";
  public static final String SERIES = "system";
  public static final int ZONES = 20;
  public static final int STATIONS = 11;

  public static SeriesTable read(Path dir) throws IOException {
    List<Path> loadFiles = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "Load_history*.csv")) {
      ds.forEach(loadFiles::add);
    }
    loadFiles.sort(null);
    if (loadFiles.isEmpty()) {
      throw new IOException("no Load_history*.csv in " + dir);
    }
    return read(loadFiles, dir.resolve("temperature_history.csv"));
  }

  public static SeriesTable read(List<Path> loadFiles, Path temperatureFile) throws IOException {
    List<String> features = new ArrayList<>();
    for (int s = 1; s <= STATIONS; s++) {
      features.add("t" + s);
    }
    SeriesTable.Builder b = new SeriesTable.Builder(NAME, Duration.ofHours(1), features);

    // hour -> [sum, zones seen with a value]; zone presence per (zone, hour) guards duplicates
    Map<LocalDateTime, double[]> sums = new TreeMap<>();
    Map<Long, Boolean> seen = new HashMap<>();
    for (Path file : loadFiles) {
      try (DataFiles.Csv csv = DataFiles.Csv.open(file, ',')) {
        csv.header("zone_id", "year", "month", "day", "h1");
        for (CSVRecord r : csv) {
          csv.requireSize(r, 28);
          int zone = csv.integer(r, 0);
          if (zone < 1 || zone > ZONES) {
            throw csv.error(r, "zone_id " + zone + " outside 1.." + ZONES);
          }
          LocalDate day = date(csv, r);
          for (int h = 1; h <= 24; h++) {
            LocalDateTime t = hourOf(day, h);
            double v = csv.number(r, 3 + h);
            double[] acc = sums.computeIfAbsent(t, k -> new double[2]);
            long key = t.toEpochSecond(java.time.ZoneOffset.UTC) * 32 + zone;
            if (seen.put(key, Boolean.TRUE) != null) {
              throw csv.error(r, "duplicate zone " + zone + " at " + t);
            }
            if (!Double.isNaN(v)) {
              acc[0] += v;
              acc[1]++;
            }
          }
        }
      }
    }
    int partial = 0;
    for (var e : sums.entrySet()) {
      double[] acc = e.getValue();
      if (acc[1] == ZONES) {
        b.target(SERIES, e.getKey(), acc[0]);
      } else {
        b.touch(SERIES, e.getKey());
        if (acc[1] > 0) {
          partial++;
        }
      }
    }
    if (partial > 0) {
      b.note(partial + " hours with only some of the 20 zones left missing");
    }

    try (DataFiles.Csv csv = DataFiles.Csv.open(temperatureFile, ',')) {
      csv.header("station_id", "year", "month", "day", "h1");
      for (CSVRecord r : csv) {
        csv.requireSize(r, 28);
        int station = csv.integer(r, 0);
        if (station < 1 || station > STATIONS) {
          throw csv.error(r, "station_id " + station + " outside 1.." + STATIONS);
        }
        LocalDate day = date(csv, r);
        for (int h = 1; h <= 24; h++) {
          double v = csv.number(r, 3 + h);
          if (!Double.isNaN(v)) {
            b.feature(SERIES, hourOf(day, h), station - 1, v);
          }
        }
      }
    }
    return b.build("time", "load", null);
  }

  /** Column {@code hN} (N = 1..24) of {@code day} is the hour starting at {@code N-1}:00. */
  /**
   * The US federal holidays of {@code Holiday_List.csv}: one row per holiday, one column per year,
   * cells like {@code "Monday, January 19"} or, when observed in the year before, {@code "Friday,
   * December 31, 2004"}.
   */
  public static org.gridweave.forecasting.features.HolidayCalendar holidays(Path dir)
      throws IOException {
    Path file = dir.resolve("Holiday_List.csv");
    java.util.Set<LocalDate> dates = new java.util.HashSet<>();
    java.time.format.DateTimeFormatter withYear =
        java.time.format.DateTimeFormatter.ofPattern("EEEE, MMMM d, uuuu", java.util.Locale.US);
    try (var parser =
        org.apache.commons.csv.CSVParser.parse(
            file,
            java.nio.charset.StandardCharsets.UTF_8,
            org.apache.commons.csv.CSVFormat.DEFAULT)) {
      List<org.apache.commons.csv.CSVRecord> rows = parser.getRecords();
      org.apache.commons.csv.CSVRecord header = rows.get(0);
      for (int r = 1; r < rows.size(); r++) {
        for (int c = 1; c < rows.get(r).size(); c++) {
          String cell = rows.get(r).get(c).strip();
          if (cell.isEmpty()) {
            continue;
          }
          String text = cell.matches(".*, \\d{4}$") ? cell : cell + ", " + header.get(c).strip();
          try {
            dates.add(LocalDate.parse(text, withYear));
          } catch (java.time.format.DateTimeParseException e) {
            throw new MalformedDataException(
                file, r + 1, "'" + cell + "' is not a date like 'Monday, May 31'");
          }
        }
      }
    }
    return new org.gridweave.forecasting.features.HolidayCalendar(dates);
  }

  public static LocalDateTime hourOf(LocalDate day, int n) {
    if (n < 1 || n > 24) {
      throw new IllegalArgumentException("hour column h" + n);
    }
    return day.atStartOfDay().plusHours(n - 1);
  }

  private static LocalDate date(DataFiles.Csv csv, CSVRecord r) throws MalformedDataException {
    int y = csv.integer(r, 1);
    int m = csv.integer(r, 2);
    int d = csv.integer(r, 3);
    try {
      return LocalDate.of(y, m, d);
    } catch (DateTimeException e) {
      throw csv.error(r, "bad date " + y + "-" + m + "-" + d);
    }
  }
}

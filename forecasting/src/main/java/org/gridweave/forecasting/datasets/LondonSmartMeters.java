package org.gridweave.forecasting.datasets;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.csv.CSVRecord;

/**
 * Low Carbon London smart meters, 2013: one series per household ({@code LCLid}), target = kWh per
 * half hour. Files {@code MAC*.csv} with header {@code LCLid,tstp,energy(kWh/hh)}; values carry
 * spaces (trimmed); missing half-hours are absent rows and stay missing (NaN) here.
 *
 * <p>Time stamps are read as given. They are GMT all year: 2013-03-31 01:00 and 01:30 exist (they
 * would not in UK local time) and 2013-10-27 01:00 occurs once, not twice.
 */
public final class LondonSmartMeters {
  private LondonSmartMeters() {}

  public static final String NAME = "london-smart-meters-lcl-2013";
  private static final DateTimeFormatter TSTP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  public static SeriesTable read(Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "MAC*.csv")) {
      ds.forEach(files::add);
    }
    files.sort(null);
    if (files.isEmpty()) {
      throw new IOException("no MAC*.csv household files in " + dir);
    }
    return read(files);
  }

  public static SeriesTable read(List<Path> files) throws IOException {
    SeriesTable.Builder b = new SeriesTable.Builder(NAME, Duration.ofMinutes(30), List.of());
    for (Path file : files) {
      try (DataFiles.Csv csv = DataFiles.Csv.open(file, ',')) {
        csv.header("LCLid", "tstp", "energy(kWh/hh)");
        for (CSVRecord r : csv) {
          csv.requireSize(r, 3);
          String id = r.get(0);
          if (id.isEmpty() || id.contains(",") || id.contains("\"")) {
            throw csv.error(r, "bad LCLid '" + id + "'");
          }
          LocalDateTime t;
          try {
            t = LocalDateTime.parse(r.get(1), TSTP);
          } catch (DateTimeParseException e) {
            throw csv.error(r, "bad tstp '" + r.get(1) + "', expected yyyy-MM-dd HH:mm:ss");
          }
          if (t.getSecond() != 0 || t.getMinute() % 30 != 0) {
            throw csv.error(r, "tstp " + t + " is not on a half hour");
          }
          double v = csv.number(r, 2);
          if (v < 0) {
            throw csv.error(r, "negative energy " + v);
          }
          if (!Double.isNaN(v)) {
            if (!b.target(id, t, v)) {
              throw csv.error(r, "duplicate time " + t + " for " + id);
            }
          } else {
            b.touch(id, t);
          }
        }
      }
    }
    SeriesTable table = b.build("tstp", "energy_kwh", "LCLid");
    List<String> notes = new ArrayList<>();
    for (SeriesTable.Series s : table.series().values()) {
      int missing = 0;
      for (double v : s.target()) {
        if (Double.isNaN(v)) {
          missing++;
        }
      }
      if (missing > 0) {
        notes.add(
            s.id()
                + ": "
                + missing
                + " missing half-hours between "
                + s.start()
                + " and "
                + s.end());
      }
    }
    return table.withNotes(notes);
  }
}

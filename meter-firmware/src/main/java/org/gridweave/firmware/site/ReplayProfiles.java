package org.gridweave.firmware.site;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Reads real household profiles and caches them, so a fleet of meters replaying the same file
 * parses it once. Thread-safe.
 *
 * <ul>
 *   <li>London smart meters (UK Power Networks, Low Carbon London): {@code
 *       LCLid,tstp,energy(kWh/hh)}, half-hourly consumption; missing half-hours are absent rows and
 *       hold the previous value. Time stamps are local UK time and read as UTC (at most one hour
 *       off in summer).
 *   <li>OPSD household data: cumulative kWh columns {@code *_grid_import}, {@code *_grid_export},
 *       {@code *_pv}; the energy per hour is the difference of consecutive rows.
 * </ul>
 */
public final class ReplayProfiles {
  private static final String LONDON_HEADER = "LCLid,tstp,energy(kWh/hh)";
  private static final Duration HALF_HOUR = Duration.ofMinutes(30);
  private static final DateTimeFormatter LONDON_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Map<Path, ReplayProfile> cache = new ConcurrentHashMap<>();

  public ReplayProfile london(Path file) throws ProfileFormatException {
    return cached(file, ReplayProfiles::readLondon);
  }

  public ReplayProfile opsd(Path file) throws ProfileFormatException {
    return cached(file, ReplayProfiles::readOpsd);
  }

  /** The London files ({@code MAC*.csv}) in a folder, sorted by name. */
  public static List<Path> londonFiles(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(p -> p.getFileName().toString().matches("MAC.*\\.csv")).sorted().toList();
    }
  }

  private interface Reader {
    ReplayProfile read(Path file) throws IOException;
  }

  private ReplayProfile cached(Path file, Reader reader) throws ProfileFormatException {
    Path key = file.toAbsolutePath().normalize();
    try {
      return cache.computeIfAbsent(
          key,
          k -> {
            try {
              return reader.read(k);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (UncheckedIOException e) {
      if (e.getCause() instanceof ProfileFormatException p) {
        throw p;
      }
      throw new ProfileFormatException(file, 0, "cannot read: " + e.getCause().getMessage());
    }
  }

  static ReplayProfile readLondon(Path file) throws IOException {
    TreeMap<Instant, Double> energyKwh = new TreeMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String header = r.readLine();
      if (header == null || !header.strip().equals(LONDON_HEADER)) {
        throw new ProfileFormatException(
            file, 1, "expected header '" + LONDON_HEADER + "', found '" + header + "'");
      }
      long line = 1;
      Instant previous = null;
      String text;
      while ((text = r.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        String[] f = text.split(",", -1);
        if (f.length != 3) {
          throw new ProfileFormatException(
              file, line, "expected 3 comma-separated fields, found " + f.length);
        }
        Instant t;
        try {
          t = LocalDateTime.parse(f[1].strip(), LONDON_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
          throw new ProfileFormatException(
              file, line, "tstp '" + f[1].strip() + "' is not 'yyyy-MM-dd HH:mm:ss'");
        }
        if (t.getEpochSecond() % HALF_HOUR.toSeconds() != 0) {
          throw new ProfileFormatException(
              file, line, "tstp " + f[1].strip() + " is not on a half hour");
        }
        if (previous != null && !t.isAfter(previous)) {
          throw new ProfileFormatException(
              file, line, "tstp " + f[1].strip() + " is not after the previous row");
        }
        previous = t;
        String value = f[2].strip();
        if (value.equalsIgnoreCase("Null")) {
          continue;
        }
        energyKwh.put(t, nonNegative(file, line, "energy(kWh/hh)", value));
      }
    }
    if (energyKwh.size() < 2) {
      throw new ProfileFormatException(file, 1, "holds fewer than two readings");
    }
    Instant start = energyKwh.firstKey();
    int steps =
        (int) (Duration.between(start, energyKwh.lastKey()).toSeconds() / HALF_HOUR.toSeconds())
            + 1;
    double[] importW = new double[steps];
    double held = energyKwh.firstEntry().getValue();
    for (int i = 0; i < steps; i++) {
      Double kwh = energyKwh.get(start.plus(HALF_HOUR.multipliedBy(i)));
      held = kwh == null ? held : kwh;
      importW[i] = held * 1000.0 * 2;
    }
    return new ReplayProfile(
        "london:" + file.getFileName(), start, HALF_HOUR, importW, new double[steps], null);
  }

  static ReplayProfile readOpsd(Path file) throws IOException {
    List<Instant> times = new ArrayList<>();
    List<double[]> readings = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String headerLine = r.readLine();
      if (headerLine == null) {
        throw new ProfileFormatException(file, 1, "is empty");
      }
      String[] header = headerLine.split(",", -1);
      int ts = indexOf(header, "utc_timestamp");
      int imp = indexBySuffix(header, "_grid_import");
      int exp = indexBySuffix(header, "_grid_export");
      int pv = indexBySuffix(header, "_pv");
      if (ts < 0 || imp < 0 || exp < 0 || pv < 0) {
        throw new ProfileFormatException(
            file,
            1,
            "header must name utc_timestamp and columns ending in _grid_import, _grid_export and"
                + " _pv");
      }
      long line = 1;
      String text;
      while ((text = r.readLine()) != null) {
        line++;
        if (text.isBlank()) {
          continue;
        }
        String[] f = text.split(",", -1);
        if (f.length != header.length) {
          throw new ProfileFormatException(
              file, line, "expected " + header.length + " fields, found " + f.length);
        }
        Instant t;
        try {
          t = Instant.parse(f[ts].strip());
        } catch (DateTimeParseException e) {
          throw new ProfileFormatException(
              file, line, "utc_timestamp '" + f[ts] + "' is not an ISO-8601 instant");
        }
        if (!times.isEmpty() && !t.isAfter(times.get(times.size() - 1))) {
          throw new ProfileFormatException(
              file, line, "utc_timestamp " + t + " is not after the previous row");
        }
        times.add(t);
        readings.add(
            new double[] {
              optional(file, line, header[imp], f[imp]),
              optional(file, line, header[exp], f[exp]),
              optional(file, line, header[pv], f[pv])
            });
      }
    }
    // differences of consecutive complete rows, placed at the earlier row's hour
    TreeMap<Instant, double[]> powers = new TreeMap<>();
    Duration step = Duration.ofHours(1);
    for (int i = 1; i < times.size(); i++) {
      double[] a = readings.get(i - 1);
      double[] b = readings.get(i);
      Duration gap = Duration.between(times.get(i - 1), times.get(i));
      if (!gap.equals(step) || Double.isNaN(a[0] + a[1] + a[2] + b[0] + b[1] + b[2])) {
        continue;
      }
      double[] w = new double[3];
      boolean ok = true;
      for (int k = 0; k < 3; k++) {
        w[k] = (b[k] - a[k]) * 1000.0;
        ok &= w[k] >= 0;
      }
      if (ok) {
        powers.put(times.get(i - 1), w);
      }
    }
    if (powers.size() < 2) {
      throw new ProfileFormatException(
          file, 1, "has fewer than two consecutive complete hours of import, export and PV");
    }
    Instant start = powers.firstKey();
    int steps = (int) (Duration.between(start, powers.lastKey()).toHours() + 1);
    double[] importW = new double[steps];
    double[] exportW = new double[steps];
    double[] pvW = new double[steps];
    double[] held = powers.firstEntry().getValue();
    for (int i = 0; i < steps; i++) {
      double[] w = powers.get(start.plus(step.multipliedBy(i)));
      held = w == null ? held : w;
      importW[i] = held[0];
      exportW[i] = held[1];
      pvW[i] = held[2];
    }
    return new ReplayProfile("opsd:" + file.getFileName(), start, step, importW, exportW, pvW);
  }

  private static int indexOf(String[] header, String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].strip().equals(name)) {
        return i;
      }
    }
    return -1;
  }

  private static int indexBySuffix(String[] header, String suffix) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].strip().endsWith(suffix)) {
        return i;
      }
    }
    return -1;
  }

  private static double optional(Path file, long line, String column, String value)
      throws ProfileFormatException {
    String v = value.strip();
    return v.isEmpty() ? Double.NaN : nonNegative(file, line, column, v);
  }

  private static double nonNegative(Path file, long line, String column, String value)
      throws ProfileFormatException {
    double d;
    try {
      d = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new ProfileFormatException(file, line, column + " '" + value + "' is not a number");
    }
    if (!Double.isFinite(d) || d < 0) {
      throw new ProfileFormatException(
          file, line, column + " must be a finite, non-negative number, was " + value);
    }
    return d;
  }
}

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
import org.gridweave.forecasting.features.SolarGeometry;

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

  /**
   * Features computed from the time stamp and the place (ADR 0012): the sun's elevation in the
   * middle of the hour ({@code SUN_ELEVATION}, degrees), the energy a horizontal surface would get
   * above the atmosphere in the hour ending at the stamp ({@code TOA}, J/m²), and the NWP's surface
   * and top-of-atmosphere solar radiation as fractions of it ({@code SSRD_INDEX} = VAR169 / TOA, a
   * clear-sky index, and {@code TSR_INDEX} = VAR178 / TOA), 0 while the sun is too low for a ratio
   * to mean anything.
   */
  public static final List<String> DERIVED =
      List.of("SUN_ELEVATION", "TOA", "SSRD_INDEX", "TSR_INDEX");

  /**
   * The farms' place. The organisers only say Australia; the power data put solar noon near 02:00
   * UTC (longitude about 150° E) and give about 9.5 hours of production in June and 14 in December
   * (latitude about 35° S), so near Canberra. A degree off moves the sun by four minutes.
   */
  public static final SolarGeometry PLACE = new SolarGeometry(-35, 149);

  /**
   * The feature the power scales with: the models also learn the power as a fraction of the
   * top-of-atmosphere energy, and the quantiles of hours without sun are the history's (ADR 0014).
   */
  public static final String TARGET_SCALE = "TOA";

  /** Below this much top-of-atmosphere energy in an hour (J/m², a mean of 28 W/m²) no index. */
  static final double MIN_TOA = 1e5;

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
    return withDerived(raw).withNotes(notes);
  }

  /** The table with the {@link #DERIVED} features after the NWP ones. */
  static SeriesTable withDerived(SeriesTable raw) {
    int ssrd = FEATURES.indexOf("VAR169");
    int tsr = FEATURES.indexOf("VAR178");
    java.util.Map<String, SeriesTable.Series> out = new java.util.LinkedHashMap<>();
    for (SeriesTable.Series s : raw.series().values()) {
      int n = s.length();
      double[][] f = java.util.Arrays.copyOf(s.features(), FEATURES.size() + DERIVED.size());
      double[] elevation = new double[n];
      double[] toa = new double[n];
      double[] ssrdIndex = new double[n];
      double[] tsrIndex = new double[n];
      for (int i = 0; i < n; i++) {
        LocalDateTime end = s.time(i);
        elevation[i] = PLACE.elevationDegrees(end.minusMinutes(30));
        toa[i] = PLACE.extraterrestrialJoules(end.minusHours(1), Duration.ofHours(1));
        ssrdIndex[i] = toa[i] < MIN_TOA ? 0 : s.features()[ssrd][i] / toa[i];
        tsrIndex[i] = toa[i] < MIN_TOA ? 0 : s.features()[tsr][i] / toa[i];
      }
      f[FEATURES.size()] = elevation;
      f[FEATURES.size() + 1] = toa;
      f[FEATURES.size() + 2] = ssrdIndex;
      f[FEATURES.size() + 3] = tsrIndex;
      out.put(s.id(), new SeriesTable.Series(s.id(), s.start(), s.step(), s.target(), f));
    }
    List<String> names = new ArrayList<>(FEATURES);
    names.addAll(DERIVED);
    return new SeriesTable(
        raw.name(),
        raw.step(),
        raw.timeColumn(),
        raw.targetColumn(),
        raw.seriesColumn(),
        names,
        out,
        raw.notes());
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

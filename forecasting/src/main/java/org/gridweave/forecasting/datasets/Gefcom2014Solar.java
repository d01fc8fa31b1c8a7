package org.gridweave.forecasting.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.commons.csv.CSVRecord;
import org.gridweave.forecasting.features.PlaneOfArray;
import org.gridweave.forecasting.features.SolarGeometry;
import org.gridweave.forecasting.model.ConformalQuantiles;

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
   * Features of the plane the panels face (ADR 0023), added per backtest by {@link #withPlane} once
   * the tilt is estimated from the power before the first TEST month: the top-of-atmosphere energy
   * on that plane in the hour ending at the stamp ({@code POA_TOA}, J/m²), the NWP's surface
   * radiation carried onto it ({@code POA_SSRD}, J/m², {@link PlaneOfArray}) and their ratio
   * ({@code POA_INDEX}, 0 while the plane gets too little for a ratio).
   */
  public static final List<String> PLANE = List.of("POA_TOA", "POA_SSRD", "POA_INDEX");

  /**
   * The feature the power scales with: the models also learn the power as a fraction of the
   * top-of-atmosphere energy on the panels' plane, and the quantiles of hours without sun on it are
   * the history's (ADR 0014, ADR 0023). A clear sky's fraction (the month's 95th percentile, hours
   * with the sun above 20°) of a horizontal surface's fell from 1.25 in July 2012 to 0.78 in
   * December at these farms; of the estimated 15° plane's it stays within 0.78..0.89.
   */
  public static final String TARGET_SCALE = "POA_TOA";

  /** Tilts tried by {@link #estimateTilt}, degrees from the horizontal. */
  static final int MAX_TILT = 45;

  static final int TILT_STEP = 5;

  /** Hours whose sun is lower than this (degrees) say little about the tilt. */
  static final double TILT_MIN_ELEVATION = 20;

  /** Months with fewer such hours (all zones) are left out of the tilt's estimate. */
  static final int TILT_MIN_HOURS = 100;

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
    return raw.withFeatures(
        DERIVED,
        s -> {
          int n = s.length();
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
          return new double[][] {elevation, toa, ssrdIndex, tsrIndex};
        });
  }

  /**
   * The panels' tilt, estimated from the power before {@code before} (ADR 0023): the tilt, on a
   * {@value #TILT_STEP}° grid from 0 to {@value #MAX_TILT}° and facing the equator, under which the
   * month-to-month variation (standard deviation over mean) of the 95th percentile of the power as
   * a fraction of the plane's top-of-atmosphere energy is smallest, over the hours whose sun is at
   * least {@value #TILT_MIN_ELEVATION}° high, in months with at least {@value #TILT_MIN_HOURS} such
   * hours (all zones together). Ties go to the flatter plane; fewer than two such months give 0.
   */
  public static double estimateTilt(SeriesTable table, LocalDateTime before) {
    Map<YearMonth, List<double[]>> byMonth = new TreeMap<>();
    Map<LocalDateTime, double[]> topsAt = new HashMap<>(); // the zones share one clock
    for (SeriesTable.Series s : table.series().values()) {
      for (int i = 0; i < s.length(); i++) {
        LocalDateTime end = s.time(i);
        double power = s.target()[i];
        if (!end.isBefore(before)
            || Double.isNaN(power)
            || PLACE.elevationDegrees(end.minusMinutes(30)) < TILT_MIN_ELEVATION) {
          continue;
        }
        double[] tops = topsAt.computeIfAbsent(end, Gefcom2014Solar::gridTops);
        if (Arrays.stream(tops).anyMatch(t -> !(t > 0))) {
          continue; // the sun behind one of the planes: no ratio
        }
        double[] row = Arrays.copyOf(tops, tops.length + 1);
        row[tops.length] = power;
        byMonth.computeIfAbsent(YearMonth.from(end), m -> new ArrayList<>()).add(row);
      }
    }
    byMonth.values().removeIf(rows -> rows.size() < TILT_MIN_HOURS);
    if (byMonth.size() < 2) {
      return 0;
    }
    double best = Double.POSITIVE_INFINITY;
    int bestTilt = 0;
    for (int k = 0; k <= MAX_TILT / TILT_STEP; k++) {
      double[] p95 = new double[byMonth.size()];
      int m = 0;
      for (List<double[]> rows : byMonth.values()) {
        double[] ratio = new double[rows.size()];
        for (int r = 0; r < ratio.length; r++) {
          double[] row = rows.get(r);
          ratio[r] = row[row.length - 1] / row[k];
        }
        Arrays.sort(ratio);
        p95[m++] = ConformalQuantiles.empirical(ratio, 0.95);
      }
      double mean = Arrays.stream(p95).average().orElseThrow();
      double var = Arrays.stream(p95).map(v -> (v - mean) * (v - mean)).sum() / p95.length;
      double variation = Math.sqrt(var) / mean;
      if (variation < best) {
        best = variation;
        bestTilt = k * TILT_STEP;
      }
    }
    return bestTilt;
  }

  /** The table with the {@link #PLANE} features after the others, for panels at this tilt. */
  public static SeriesTable withPlane(SeriesTable table, double tiltDegrees) {
    PlaneOfArray plane = new PlaneOfArray(tiltDegrees, PlaneOfArray.DEFAULT_ALBEDO);
    int ssrd = table.features().indexOf("VAR169");
    int top = table.features().indexOf("TOA");
    if (ssrd < 0 || top < 0) {
      throw new IllegalArgumentException("the plane's features need VAR169 and TOA");
    }
    Map<LocalDateTime, Double> topAt = new HashMap<>(); // the zones share one clock
    return table.withFeatures(
        PLANE,
        s -> {
          int n = s.length();
          double[] poaTop = new double[n];
          double[] poaSsrd = new double[n];
          double[] poaIndex = new double[n];
          for (int i = 0; i < n; i++) {
            poaTop[i] = topAt.computeIfAbsent(s.time(i), t -> planeTop(t, tiltDegrees));
            double toa = s.features()[top][i];
            double global = s.features()[ssrd][i];
            poaSsrd[i] = toa < MIN_TOA ? 0 : plane.irradiation(global, toa, poaTop[i]);
            poaIndex[i] = poaTop[i] < MIN_TOA ? 0 : poaSsrd[i] / poaTop[i];
          }
          return new double[][] {poaTop, poaSsrd, poaIndex};
        });
  }

  /** {@link #planeTop} for every tilt {@link #estimateTilt} tries, in order. */
  private static double[] gridTops(LocalDateTime end) {
    double[] tops = new double[MAX_TILT / TILT_STEP + 1];
    for (int k = 0; k < tops.length; k++) {
      tops[k] = planeTop(end, k * TILT_STEP);
    }
    return tops;
  }

  /** Top-of-atmosphere energy on an equator-facing plane in the hour ending at {@code end}. */
  private static double planeTop(LocalDateTime end, double tiltDegrees) {
    return PLACE.extraterrestrialJoules(
        end.minusHours(1), Duration.ofHours(1), tiltDegrees, PLACE.equatorAzimuth());
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

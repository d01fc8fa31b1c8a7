package org.gridweave.forecasting.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVRecord;

/**
 * GEFCom2012 wind track: 7 farms {@code wp1..wp7}, hourly power per unit of capacity, and ECMWF
 * forecasts (issued 00 and 12 UTC, leads 1..48 h) of {@code u, v, ws, wd} per farm.
 *
 * <p>Power comes from {@code windpowermeasurements_training.csv} ({@code date,wp1..wp7,usage}; the
 * evaluation holes of 2011-2012 are absent rows) or, when that is missing, from the tab-separated
 * {@code train.csv} (2009-07..2010-12 only). Forecasts issued inside the holes are {@code NA} and
 * read as missing.
 */
public final class Gefcom2012Wind {
  private Gefcom2012Wind() {}

  public static final String NAME = "gefcom2012-wind";
  public static final int FARMS = 7;
  public static final int MAX_LEAD = 48;

  /** The forecast fields in the files. */
  public static final List<String> NWP = List.of("u", "v", "ws", "wd");

  /**
   * Features: {@link #NWP} from the latest issue, then {@code u, v, ws} averaged over every issue
   * known at the time with a forecast of that hour (up to four, 12 h apart: a lagged ensemble).
   */
  public static final List<String> FEATURES =
      List.of("u", "v", "ws", "wd", "u_issues", "v_issues", "ws_issues");

  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyyMMddHH");

  /** Power table plus the forecasts per farm. */
  public record Data(SeriesTable table, Map<String, Forecasts> forecasts) {

    /** Features per the rules of {@link Forecasts#at}. */
    public FeatureSource features() {
      return (series, time, origin) -> forecasts.get(series.id()).at(time, origin);
    }
  }

  /** One farm's forecasts: issue time to {@code [lead-1][feature]}. */
  public static final class Forecasts {
    private final Map<LocalDateTime, double[][]> issues = new HashMap<>();

    public void put(LocalDateTime issue, int lead, double[] values) {
      issues
              .computeIfAbsent(
                  issue,
                  k -> {
                    double[][] a = new double[MAX_LEAD][NWP.size()];
                    for (double[] row : a) {
                      Arrays.fill(row, Double.NaN);
                    }
                    return a;
                  })[lead - 1] =
          values.clone();
    }

    /** The forecast of {@code issue} for {@code lead} hours ahead, NaN when not available. */
    public double[] values(LocalDateTime issue, int lead) {
      double[][] a = issues.get(issue);
      if (a == null || lead < 1 || lead > MAX_LEAD) {
        return nan();
      }
      return a[lead - 1].clone();
    }

    /** True when the issue has finite values for leads 1..{@code leads}. */
    public boolean complete(LocalDateTime issue, int leads) {
      for (int lead = 1; lead <= leads; lead++) {
        if (!finite(values(issue, lead))) {
          return false;
        }
      }
      return true;
    }

    /**
     * Features for {@code hour} as known at {@code origin}: after the origin, the forecast issued
     * at the origin ({@code lead = hour - origin}); up to the origin, the most recent issue
     * strictly before the hour with values for it (smallest lead, at most 48 h). Then the mean of
     * {@code u, v, ws} over that issue and the earlier ones (every 12 h) whose leads reach the hour
     * (at most 48 h), skipping issues without values.
     */
    public double[] at(LocalDateTime hour, LocalDateTime origin) {
      LocalDateTime first;
      if (hour.isAfter(origin)) {
        first = origin;
      } else {
        LocalDateTime before = hour.minusHours(1);
        first = before.truncatedTo(ChronoUnit.DAYS).plusHours(before.getHour() < 12 ? 0 : 12);
      }
      double[] out = new double[FEATURES.size()];
      Arrays.fill(out, Double.NaN);
      boolean latest = false;
      double[] sum = new double[3];
      int count = 0;
      for (LocalDateTime issue = first; ; issue = issue.minusHours(12)) {
        int lead = (int) ChronoUnit.HOURS.between(issue, hour);
        if (lead > MAX_LEAD) {
          break;
        }
        double[] v = values(issue, lead);
        boolean ok = finite(v);
        if (!latest && (ok || hour.isAfter(origin))) {
          System.arraycopy(v, 0, out, 0, NWP.size()); // after the origin: the origin's issue only
          latest = true;
        }
        if (ok) {
          for (int f = 0; f < 3; f++) {
            sum[f] += v[f];
          }
          count++;
        }
      }
      for (int f = 0; f < 3 && count > 0; f++) {
        out[NWP.size() + f] = sum[f] / count;
      }
      return out;
    }

    private static double[] nan() {
      double[] v = new double[NWP.size()];
      Arrays.fill(v, Double.NaN);
      return v;
    }

    private static boolean finite(double[] v) {
      for (double x : v) {
        if (!Double.isFinite(x)) {
          return false;
        }
      }
      return true;
    }
  }

  public static Data read(Path dir) throws IOException {
    Path measurements = dir.resolve("windpowermeasurements_training.csv");
    if (!Files.isRegularFile(measurements)) {
      measurements = dir.resolve("train.csv");
    }
    SeriesTable table = readPower(measurements);
    Map<String, Forecasts> forecasts = new HashMap<>();
    for (String farm : table.series().keySet()) {
      String n = farm.substring(2);
      forecasts.put(farm, readForecasts(dir.resolve("windforecasts_wf" + n + ".csv.gz")));
    }
    return new Data(table, forecasts);
  }

  /** {@code date,wp1..wp7[,usage]}, comma- or tab-separated, date = YYYYMMDDHH. */
  public static SeriesTable readPower(Path file) throws IOException {
    char delimiter;
    try (var in = DataFiles.open(file)) {
      String first = in.readLine();
      delimiter = first != null && first.indexOf('\t') >= 0 ? '\t' : ',';
    }
    SeriesTable.Builder b = new SeriesTable.Builder(NAME, Duration.ofHours(1), FEATURES);
    try (DataFiles.Csv csv = DataFiles.Csv.open(file, delimiter)) {
      CSVRecord header = csv.header("date", "wp1");
      int farms = 0;
      while (farms + 1 < header.size() && header.get(farms + 1).equals("wp" + (farms + 1))) {
        farms++;
      }
      for (CSVRecord r : csv) {
        csv.requireSize(r, farms + 1);
        LocalDateTime t = date(csv, r, 0);
        for (int f = 1; f <= farms; f++) {
          double v = csv.number(r, f);
          if (!Double.isNaN(v) && !b.target("wp" + f, t, v)) {
            throw csv.error(r, "duplicate date " + r.get(0));
          }
        }
      }
    }
    return b.build("time", "power", "farm");
  }

  /** {@code date,hors,u,v,ws,wd}; {@code NA} values are missing. */
  public static Forecasts readForecasts(Path file) throws IOException {
    Forecasts out = new Forecasts();
    try (DataFiles.Csv csv = DataFiles.Csv.open(file, ',')) {
      csv.header("date", "hors", "u", "v", "ws", "wd");
      for (CSVRecord r : csv) {
        csv.requireSize(r, 6);
        LocalDateTime issue = date(csv, r, 0);
        int lead = csv.integer(r, 1);
        if (lead < 1 || lead > MAX_LEAD) {
          throw csv.error(r, "hors " + lead + " outside 1.." + MAX_LEAD);
        }
        double[] v = new double[4];
        for (int i = 0; i < 4; i++) {
          v[i] = csv.number(r, 2 + i);
        }
        out.put(issue, lead, v);
      }
    }
    return out;
  }

  private static LocalDateTime date(DataFiles.Csv csv, CSVRecord r, int column)
      throws MalformedDataException {
    String s = r.get(column);
    try {
      return LocalDateTime.parse(s, DATE);
    } catch (DateTimeParseException e) {
      throw csv.error(r, "bad date '" + s + "', expected YYYYMMDDHH");
    }
  }
}

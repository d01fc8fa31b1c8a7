package org.gridweave.forecasting.datasets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.csv.CSVRecord;

/**
 * Per-series scores of one fold, for headlines averaged over series (London: model MAE / weekly
 * seasonal-naive MAE per household). The seasonal naive is computed here from the fold's own rows;
 * the model's point forecast is read back from the predictions CSV that {@code forecast evaluate}
 * wrote.
 */
public final class SeriesScores {
  private SeriesScores() {}

  /** Point-forecast column names recognised in a predictions CSV, in order of preference. */
  public static final List<String> POINT_COLUMNS =
      List.of("prediction", "forecast", "yhat", "point", "mean", "p50", "q0.5", "q50", "median");

  /**
   * MAE per series over TEST of the weekly seasonal naive: the value a whole number of weeks
   * before, taken from TRAIN (the last TRAIN week repeats when TEST is longer than a week).
   */
  public static Map<String, Double> seasonalNaiveWeekMae(
      List<FoldWriter.SeriesSlice> slices, java.time.Duration step) {
    int lag = Math.toIntExact(java.time.Duration.ofDays(7).dividedBy(step));
    Map<String, Double> out = new HashMap<>();
    for (FoldWriter.SeriesSlice s : slices) {
      double sum = 0;
      int n = 0;
      for (int row = s.trainLength(); row < s.values().length; row++) {
        int back = row;
        while (back >= s.trainLength()) {
          back -= lag;
        }
        if (back >= 0) {
          sum += Math.abs(s.values()[row][0] - s.values()[back][0]);
          n++;
        }
      }
      out.put(s.series().id(), n == 0 ? Double.NaN : sum / n);
    }
    return out;
  }

  /**
   * Model MAE per series from a predictions CSV with a series column (the table's name or {@code
   * series}), a time column (the table's name or {@code time}) and one of {@link #POINT_COLUMNS};
   * empty when the file does not have them.
   */
  public static Optional<Map<String, Double>> modelMae(
      Path predictions, SeriesTable table, List<FoldWriter.SeriesSlice> slices) throws IOException {
    if (table.seriesColumn() == null || !Files.isRegularFile(predictions)) {
      return Optional.empty();
    }
    Map<String, Map<LocalDateTime, Double>> actual = new HashMap<>();
    for (FoldWriter.SeriesSlice s : slices) {
      Map<LocalDateTime, Double> m = new HashMap<>();
      for (int row = s.trainLength(); row < s.values().length; row++) {
        m.put(s.time(row), s.values()[row][0]);
      }
      actual.put(s.series().id(), m);
    }
    Map<String, double[]> acc = new HashMap<>();
    try (DataFiles.Csv csv = DataFiles.Csv.open(predictions, ',')) {
      CSVRecord header = csv.header();
      int series = -1;
      int time = -1;
      int point = -1;
      int rank = Integer.MAX_VALUE;
      for (int c = 0; c < header.size(); c++) {
        String h = header.get(c);
        if (series < 0 && (h.equals(table.seriesColumn()) || h.equalsIgnoreCase("series"))) {
          series = c;
        } else if (time < 0 && (h.equals(table.timeColumn()) || h.equalsIgnoreCase("time"))) {
          time = c;
        } else {
          int p = POINT_COLUMNS.indexOf(h.toLowerCase(Locale.ROOT));
          if (p >= 0 && p < rank) {
            rank = p;
            point = c;
          }
        }
      }
      if (series < 0 || time < 0 || point < 0) {
        return Optional.empty();
      }
      for (CSVRecord r : csv) {
        LocalDateTime t;
        try {
          t = LocalDateTime.parse(r.get(time));
        } catch (RuntimeException e) {
          return Optional.empty();
        }
        Double a = actual.getOrDefault(r.get(series), Map.of()).get(t);
        double p = csv.number(r, point);
        if (a != null && Double.isFinite(p)) {
          double[] x = acc.computeIfAbsent(r.get(series), k -> new double[2]);
          x[0] += Math.abs(p - a);
          x[1]++;
        }
      }
    }
    if (acc.isEmpty()) {
      return Optional.empty();
    }
    Map<String, Double> out = new HashMap<>();
    acc.forEach((id, x) -> out.put(id, x[0] / x[1]));
    return Optional.of(out);
  }
}

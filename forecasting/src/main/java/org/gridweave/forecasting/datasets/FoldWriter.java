package org.gridweave.forecasting.datasets;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Cuts one fold out of a table and writes the TRAIN and TEST CSVs of the {@code forecast evaluate}
 * contract.
 *
 * <p>Per series: TEST = the {@code horizon} steps after the origin; they must all have a target and
 * all features, otherwise the series is left out of the fold (no target is ever invented in TEST).
 * TRAIN = the steps up to and including the origin, at most {@code maxTrainSteps}; walking back
 * from the origin, runs of at most {@value #MAX_FILL} incomplete steps between two complete ones
 * are filled by linear interpolation (each missing cell separately), and a longer run ends the
 * walk: TRAIN starts right after it. A series whose TRAIN is then shorter than {@code
 * minTrainSteps}, or that has no value at the origin, is left out. Every repair is reported to the
 * log.
 */
public final class FoldWriter {
  private FoldWriter() {}

  /** Longest run of missing steps that is filled by interpolation. */
  public static final int MAX_FILL = 3;

  /**
   * One series of a fold after repairs: rows {@code from .. from + trainLength + testLength - 1} of
   * the series, {@code values[row] = {target, features...}}.
   */
  public record SeriesSlice(
      SeriesTable.Series series,
      int from,
      int trainLength,
      int testLength,
      double[][] values,
      int filled) {

    public LocalDateTime time(int row) {
      return series.time(from + row);
    }

    public LocalDateTime lastTrainTime() {
      return time(trainLength - 1);
    }

    public LocalDateTime firstTestTime() {
      return time(trainLength);
    }
  }

  /** What was written. */
  public record Written(Path train, Path test, List<SeriesSlice> slices, List<String> dropped) {

    public int trainRows() {
      return slices.stream().mapToInt(SeriesSlice::trainLength).sum();
    }

    public int testRows() {
      return slices.stream().mapToInt(SeriesSlice::testLength).sum();
    }
  }

  /** The repaired slices of every usable series; the ids of the others go to {@code dropped}. */
  public static List<SeriesSlice> slice(
      SeriesTable table,
      FeatureSource features,
      Fold fold,
      List<String> dropped,
      Consumer<String> log) {
    List<SeriesSlice> out = new ArrayList<>();
    int nf = table.features().size();
    LocalDateTime origin = fold.origin();
    for (SeriesTable.Series s : table.series().values()) {
      String tag = table.name() + " fold " + fold.number() + " series " + s.id() + ": ";
      int o;
      try {
        o = s.index(origin);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(tag + e.getMessage(), e);
      }
      int h = fold.horizon();
      if (o < 0 || o + h >= s.length()) {
        log.accept(tag + "left out, data " + s.start() + ".." + s.end() + " does not cover TEST");
        dropped.add(s.id());
        continue;
      }
      int lo = Math.max(0, o - fold.maxTrainSteps() + 1);
      int n = o + h - lo + 1;
      double[][] values = new double[n][];
      boolean[] complete = new boolean[n];
      for (int r = 0; r < n; r++) {
        LocalDateTime t = s.time(lo + r);
        double[] f = features.at(s, t, origin);
        double[] row = new double[1 + nf];
        row[0] = s.target()[lo + r];
        System.arraycopy(f, 0, row, 1, nf);
        values[r] = row;
        complete[r] = allFinite(row);
      }
      int or = o - lo;
      int badTest = -1;
      for (int r = or + 1; r < n && badTest < 0; r++) {
        if (!complete[r]) {
          badTest = r;
        }
      }
      if (badTest >= 0) {
        log.accept(tag + "left out, TEST incomplete at " + s.time(lo + badTest));
        dropped.add(s.id());
        continue;
      }
      if (!complete[or]) {
        log.accept(tag + "left out, no complete row at the origin " + origin);
        dropped.add(s.id());
        continue;
      }
      int start = 0;
      int filled = 0;
      int r = or;
      while (r > 0) {
        if (complete[r - 1]) {
          r--;
          continue;
        }
        int j = r - 1;
        while (j >= 0 && !complete[j]) {
          j--;
        }
        int run = r - 1 - j;
        if (j >= 0 && run <= MAX_FILL) {
          interpolate(values, j, r);
          log.accept(
              tag
                  + "filled "
                  + run
                  + " missing step(s) "
                  + s.time(lo + j + 1)
                  + ".."
                  + s.time(lo + r - 1)
                  + " in TRAIN by linear interpolation");
          filled += run;
          r = j;
        } else if (j >= 0) {
          // A longer gap stays a gap: its rows are left out of TRAIN and the evaluator treats
          // the missing steps as missing values (it says so), so older history is still used.
          log.accept(
              tag
                  + "left "
                  + run
                  + " missing step(s) "
                  + s.time(lo + j + 1)
                  + ".."
                  + s.time(lo + r - 1)
                  + " out of TRAIN (a gap the evaluator reports and skips)");
          r = j;
        } else {
          start = r;
          log.accept(
              tag
                  + "TRAIN starts at "
                  + s.time(lo + r)
                  + ", after "
                  + run
                  + " missing step(s) at the start of the window");
          break;
        }
      }
      int trainLength = or - start + 1;
      if (trainLength < fold.minTrainSteps()) {
        log.accept(
            tag
                + "left out, gap-free TRAIN has "
                + trainLength
                + " steps < "
                + fold.minTrainSteps());
        dropped.add(s.id());
        continue;
      }
      double[][] kept = new double[n - start][];
      System.arraycopy(values, start, kept, 0, n - start);
      out.add(new SeriesSlice(s, lo + start, trainLength, h, kept, filled));
    }
    return out;
  }

  /** Slices the fold and writes {@code train} and {@code test}. */
  public static Written write(
      SeriesTable table,
      FeatureSource features,
      Fold fold,
      Path train,
      Path test,
      Consumer<String> log)
      throws IOException {
    List<String> dropped = new ArrayList<>();
    List<SeriesSlice> slices = slice(table, features, fold, dropped, log);
    if (slices.isEmpty()) {
      throw new IOException(
          table.name()
              + " fold "
              + fold.number()
              + " (origin "
              + fold.origin()
              + "): no series is usable");
    }
    Files.createDirectories(train.toAbsolutePath().getParent());
    Files.createDirectories(test.toAbsolutePath().getParent());
    try (BufferedWriter tr = Files.newBufferedWriter(train, StandardCharsets.UTF_8);
        BufferedWriter te = Files.newBufferedWriter(test, StandardCharsets.UTF_8)) {
      header(table, tr);
      header(table, te);
      for (SeriesSlice sl : slices) {
        for (int row = 0; row < sl.values().length; row++) {
          if (row < sl.trainLength() && !allFinite(sl.values()[row])) {
            continue; // inside a gap left in TRAIN
          }
          Writer w = row < sl.trainLength() ? tr : te;
          if (table.seriesColumn() != null) {
            w.write(sl.series().id());
            w.write(',');
          }
          w.write(sl.time(row).toString());
          for (double v : sl.values()[row]) {
            w.write(',');
            w.write(number(v));
          }
          w.write('\n');
        }
      }
    }
    return new Written(train, test, slices, dropped);
  }

  /** The CSV header: [series,] time, target, features. */
  public static List<String> columns(SeriesTable table) {
    List<String> cols = new ArrayList<>();
    if (table.seriesColumn() != null) {
      cols.add(table.seriesColumn());
    }
    cols.add(table.timeColumn());
    cols.add(table.targetColumn());
    cols.addAll(table.features());
    return cols;
  }

  private static void header(SeriesTable table, Writer w) throws IOException {
    w.write(String.join(",", columns(table)));
    w.write('\n');
  }

  /** Plain decimal notation (no exponent), shortest round-trip digits. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }

  private static void interpolate(double[][] values, int a, int b) {
    for (int c = 0; c < values[a].length; c++) {
      for (int r = a + 1; r < b; r++) {
        if (Double.isNaN(values[r][c])) {
          double w = (r - a) / (double) (b - a);
          values[r][c] = values[a][c] + (values[b][c] - values[a][c]) * w;
        }
      }
    }
  }

  private static boolean allFinite(double[] row) {
    for (double v : row) {
      if (!Double.isFinite(v)) {
        return false;
      }
    }
    return true;
  }
}

package org.gridweave.forecasting.datasets;

import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One data set in memory: one or more series on a regular time grid. Missing values (absent rows,
 * empty cells, withheld periods) are {@code NaN}; nothing is filled here.
 *
 * @param name data set name, e.g. {@code gefcom2012-load}
 * @param step grid step
 * @param timeColumn column name for written CSVs
 * @param targetColumn column name for written CSVs
 * @param seriesColumn column name for written CSVs; null when the set is one series
 * @param features feature column names (static features stored in each {@link Series})
 * @param series by id, in reading order
 * @param notes what the reader repaired or noticed, for stderr
 */
public record SeriesTable(
    String name,
    Duration step,
    String timeColumn,
    String targetColumn,
    String seriesColumn,
    List<String> features,
    Map<String, Series> series,
    List<String> notes) {

  public SeriesTable {
    features = List.copyOf(features);
    series = Collections.unmodifiableMap(new LinkedHashMap<>(series));
    notes = List.copyOf(notes);
  }

  public Series series(String id) {
    Series s = series.get(id);
    if (s == null) {
      throw new IllegalArgumentException(name + " has no series " + id);
    }
    return s;
  }

  /** The same table with more notes. */
  public SeriesTable withNotes(List<String> more) {
    List<String> all = new ArrayList<>(notes);
    all.addAll(more);
    return new SeriesTable(
        name, step, timeColumn, targetColumn, seriesColumn, features, series, all);
  }

  /**
   * The same table with more feature columns after the others: {@code columns} gives each series'
   * values of them ({@code [column][i]}), in the order of {@code names}.
   */
  public SeriesTable withFeatures(List<String> names, Function<Series, double[][]> columns) {
    Map<String, Series> out = new LinkedHashMap<>();
    for (Series s : series.values()) {
      double[][] added = columns.apply(s);
      if (added.length != names.size()) {
        throw new IllegalArgumentException(
            "series " + s.id() + ": " + added.length + " columns for " + names);
      }
      double[][] f = Arrays.copyOf(s.features(), features.size() + names.size());
      System.arraycopy(added, 0, f, features.size(), added.length);
      out.put(s.id(), new Series(s.id(), s.start(), s.step(), s.target(), f));
    }
    List<String> all = new ArrayList<>(features);
    all.addAll(names);
    return new SeriesTable(name, step, timeColumn, targetColumn, seriesColumn, all, out, notes);
  }

  /** The only series, for single-series sets. */
  public Series single() {
    if (series.size() != 1) {
      throw new IllegalStateException(name + " has " + series.size() + " series");
    }
    return series.values().iterator().next();
  }

  /**
   * One series on the grid {@code start + i * step}.
   *
   * @param features {@code features[f][i]}, f in the order of {@link SeriesTable#features()}
   */
  public record Series(
      String id, LocalDateTime start, Duration step, double[] target, double[][] features) {

    public int length() {
      return target.length;
    }

    public LocalDateTime time(int i) {
      return start.plus(step.multipliedBy(i));
    }

    public LocalDateTime end() {
      return time(length() - 1);
    }

    /** Grid index of {@code t}; may be outside {@code [0, length)}; throws when off the grid. */
    public int index(LocalDateTime t) {
      long seconds = Duration.between(start, t).getSeconds();
      long stepSeconds = step.getSeconds();
      if (Math.floorMod(seconds, stepSeconds) != 0) {
        throw new IllegalArgumentException(t + " is not on the " + step + " grid from " + start);
      }
      return Math.toIntExact(Math.floorDiv(seconds, stepSeconds));
    }

    public double target(LocalDateTime t) {
      int i = index(t);
      return i >= 0 && i < length() ? target[i] : Double.NaN;
    }

    public double feature(int f, LocalDateTime t) {
      int i = index(t);
      return i >= 0 && i < length() ? features[f][i] : Double.NaN;
    }
  }

  /** Collects values at arbitrary times and lays them out on a regular grid. */
  public static final class Builder {
    private final String name;
    private final Duration step;
    private final List<String> featureNames;
    private final Map<String, Map<LocalDateTime, double[]>> points = new LinkedHashMap<>();
    private final List<String> notes = new ArrayList<>();

    public Builder(String name, Duration step, List<String> featureNames) {
      this.name = name;
      this.step = step;
      this.featureNames = List.copyOf(featureNames);
    }

    private double[] row(String series, LocalDateTime t) {
      return points
          .computeIfAbsent(series, k -> new HashMap<>())
          .computeIfAbsent(
              t,
              k -> {
                double[] r = new double[1 + featureNames.size()];
                Arrays.fill(r, Double.NaN);
                return r;
              });
    }

    /** Sets the target; returns false when the time already had one (a duplicate row). */
    public boolean target(String series, LocalDateTime t, double value) {
      double[] r = row(series, t);
      boolean fresh = Double.isNaN(r[0]);
      r[0] = value;
      return fresh;
    }

    /** Marks the time as part of the series' span without a value (an empty cell). */
    public void touch(String series, LocalDateTime t) {
      row(series, t);
    }

    public void feature(String series, LocalDateTime t, int feature, double value) {
      row(series, t)[1 + feature] = value;
    }

    public Builder note(String note) {
      notes.add(note);
      return this;
    }

    public SeriesTable build(String timeColumn, String targetColumn, String seriesColumn) {
      Map<String, Series> out = new LinkedHashMap<>();
      long stepSeconds = step.getSeconds();
      for (var e : points.entrySet()) {
        Map<LocalDateTime, double[]> rows = e.getValue();
        LocalDateTime first = Collections.min(rows.keySet());
        LocalDateTime last = Collections.max(rows.keySet());
        int n = Math.toIntExact(Duration.between(first, last).getSeconds() / stepSeconds) + 1;
        double[] target = new double[n];
        double[][] features = new double[featureNames.size()][n];
        Arrays.fill(target, Double.NaN);
        for (double[] f : features) {
          Arrays.fill(f, Double.NaN);
        }
        for (var p : rows.entrySet()) {
          long s = Duration.between(first, p.getKey()).getSeconds();
          if (s % stepSeconds != 0) {
            throw new IllegalArgumentException(
                name
                    + ": series "
                    + e.getKey()
                    + " time "
                    + p.getKey()
                    + " is off the "
                    + step
                    + " grid starting "
                    + first);
          }
          int i = (int) (s / stepSeconds);
          target[i] = p.getValue()[0];
          for (int f = 0; f < features.length; f++) {
            features[f][i] = p.getValue()[1 + f];
          }
        }
        out.put(e.getKey(), new Series(e.getKey(), first, step, target, features));
      }
      return new SeriesTable(
          name, step, timeColumn, targetColumn, seriesColumn, featureNames, out, notes);
    }
  }
}

package org.gridweave.forecasting.data;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One series on a regular time grid: TRAIN from its first row to the forecast origin (its last
 * row), then the TEST rows. The target array holds TRAIN values only — TEST actuals live in a
 * separate array that only scoring reads, so no feature can see them.
 */
public final class SeriesFrame {
  private final String series;
  private final Duration step;
  private final Instant start;
  private final int origin;
  private final double[] target;
  private final double[][] features;
  private final LocalDateTime[] clock;
  private final int[] testIndex;
  private final String[] testTime;
  private final double[] testActual;

  private SeriesFrame(
      String series,
      Duration step,
      Instant start,
      int origin,
      double[] target,
      double[][] features,
      LocalDateTime[] clock,
      int[] testIndex,
      String[] testTime,
      double[] testActual) {
    this.series = series;
    this.step = step;
    this.start = start;
    this.origin = origin;
    this.target = target;
    this.features = features;
    this.clock = clock;
    this.testIndex = testIndex;
    this.testTime = testTime;
    this.testActual = testActual;
  }

  /**
   * Builds the frame and checks the rows: sorted, no repeated times (a DST repeat when times have
   * no offset), one step throughout. Missing TRAIN steps are inserted as missing values and
   * reported through {@code log} (the models skip them); TEST rows may skip steps.
   */
  public static SeriesFrame of(
      String series,
      List<Row> train,
      List<Row> test,
      String trainFile,
      String testFile,
      int featureCount,
      Consumer<String> log) {
    String label = series.isEmpty() ? "" : " (series '" + series + "')";
    if (train.size() < 2) {
      throw InputException.at(trainFile, 0, null, "needs at least two rows" + label);
    }
    checkOrder(train, trainFile, label);
    checkOrder(test, testFile, label);
    Duration step = mostCommonStep(train);
    if (Duration.ofDays(1).toNanos() % step.toNanos() != 0) {
      throw InputException.at(
          trainFile, 0, null, "the time step " + step + label + " does not divide a day");
    }
    Instant start = train.get(0).instant();
    int origin = index(start, step, train.get(train.size() - 1), trainFile, label);
    Row lastTest = test.get(test.size() - 1);
    int size = index(start, step, lastTest, testFile, label) + 1;
    double[] target = new double[size];
    Arrays.fill(target, Double.NaN);
    double[][] features = new double[featureCount][size];
    for (double[] f : features) {
      Arrays.fill(f, Double.NaN);
    }
    LocalDateTime[] clock = new LocalDateTime[size];
    int filled = 0;
    int gaps = 0;
    int previous = -1;
    for (Row r : train) {
      int i = index(start, step, r, trainFile, label);
      if (i - previous > 1) {
        gaps += previous >= 0 ? 1 : 0;
        filled += previous >= 0 ? i - previous - 1 : 0;
      }
      previous = i;
      target[i] = r.target();
      for (int f = 0; f < featureCount; f++) {
        features[f][i] = r.features()[f];
      }
      clock[i] = r.clock();
    }
    if (filled > 0) {
      log.accept(
          trainFile
              + label
              + ": "
              + gaps
              + " gap(s) in time, "
              + filled
              + " missing step(s) of "
              + step
              + " inserted as missing values (not used for training, not interpolated)");
    }
    Instant originTime = train.get(train.size() - 1).instant();
    int[] testIndex = new int[test.size()];
    String[] testTime = new String[test.size()];
    double[] testActual = new double[test.size()];
    for (int k = 0; k < test.size(); k++) {
      Row r = test.get(k);
      if (!r.instant().isAfter(originTime)) {
        throw InputException.at(
            testFile,
            r.line(),
            null,
            "time "
                + r.timeText()
                + label
                + " is not after the last TRAIN time "
                + train.get(train.size() - 1).timeText()
                + " (the forecast origin)");
      }
      int i = index(start, step, r, testFile, label);
      testIndex[k] = i;
      testTime[k] = r.timeText();
      testActual[k] = r.target();
      for (int f = 0; f < featureCount; f++) {
        features[f][i] = r.features()[f];
      }
      clock[i] = r.clock();
    }
    // Wall-clock times of inserted steps follow the previous known one.
    for (int i = 1; i < size; i++) {
      if (clock[i] == null) {
        clock[i] = clock[i - 1].plus(step);
      }
    }
    return new SeriesFrame(
        series, step, start, origin, target, features, clock, testIndex, testTime, testActual);
  }

  private static void checkOrder(List<Row> rows, String file, String label) {
    for (int i = 1; i < rows.size(); i++) {
      Row a = rows.get(i - 1);
      Row b = rows.get(i);
      int c = b.instant().compareTo(a.instant());
      if (c == 0) {
        throw InputException.at(
            file,
            b.line(),
            null,
            "time "
                + b.timeText()
                + label
                + " repeats line "
                + a.line()
                + (b.timeText().equals(a.timeText())
                    ? " (a DST repeat? write times with their offset, or in UTC)"
                    : ""));
      }
      if (c < 0) {
        throw InputException.at(
            file,
            b.line(),
            null,
            "time "
                + b.timeText()
                + label
                + " comes before line "
                + a.line()
                + "'s "
                + a.timeText()
                + ": rows must be sorted by time");
      }
    }
  }

  private static Duration mostCommonStep(List<Row> rows) {
    Map<Duration, Integer> counts = new HashMap<>();
    for (int i = 1; i < rows.size(); i++) {
      counts.merge(
          Duration.between(rows.get(i - 1).instant(), rows.get(i).instant()), 1, Integer::sum);
    }
    return counts.entrySet().stream()
        .max(
            Map.Entry.<Duration, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder())))
        .orElseThrow()
        .getKey();
  }

  private static int index(Instant start, Duration step, Row r, String file, String label) {
    Duration d = Duration.between(start, r.instant());
    if (d.toNanos() % step.toNanos() != 0) {
      throw InputException.at(
          file,
          r.line(),
          null,
          "time " + r.timeText() + label + " is off the series' regular step of " + step);
    }
    long i = d.toNanos() / step.toNanos();
    if (i > 50_000_000) {
      throw InputException.at(file, r.line(), null, "time " + r.timeText() + " is too far ahead");
    }
    return (int) i;
  }

  public String series() {
    return series;
  }

  public Duration step() {
    return step;
  }

  /** Steps per day. */
  public int day() {
    return (int) (Duration.ofDays(1).toNanos() / step.toNanos());
  }

  /** Grid index of the forecast origin (the last TRAIN row). */
  public int origin() {
    return origin;
  }

  public int size() {
    return target.length;
  }

  /** The TRAIN target at grid index {@code i <= origin()}; NaN where missing. */
  public double target(int i) {
    if (i > origin) {
      throw new IllegalStateException(
          "index "
              + i
              + " is after the forecast origin "
              + origin
              + ": not known when forecasting");
    }
    return i < 0 ? Double.NaN : target[i];
  }

  public double feature(int f, int i) {
    return i < 0 || i >= features[f].length ? Double.NaN : features[f][i];
  }

  public LocalDateTime clock(int i) {
    return clock[i];
  }

  public int[] testIndex() {
    return testIndex.clone();
  }

  public String[] testTime() {
    return testTime.clone();
  }

  /** TEST actuals, for scoring only (NaN where the cell was empty). */
  public double[] testActual() {
    return testActual.clone();
  }

  /** Largest TEST horizon in steps. */
  public int maxHorizon() {
    return testIndex[testIndex.length - 1] - origin;
  }

  public Instant start() {
    return start;
  }
}

package org.gridweave.forecasting.evaluate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.gridweave.forecasting.data.CsvInput;
import org.gridweave.forecasting.data.InputException;
import org.gridweave.forecasting.data.Row;
import org.gridweave.forecasting.data.SeriesFrame;
import org.gridweave.forecasting.features.FeatureBuilder;
import org.gridweave.forecasting.features.HolidayCalendar;
import org.gridweave.forecasting.metrics.Scores;
import org.gridweave.forecasting.model.ConformalQuantiles;
import org.gridweave.forecasting.model.Learner;
import org.gridweave.forecasting.model.Matrix;
import org.gridweave.forecasting.model.TribuoLearner;

/**
 * Runs one evaluation end to end: read and check both files, build horizon-respecting training rows
 * from TRAIN alone, choose the model on a rolling-origin backtest inside TRAIN (baselines
 * included), calibrate quantiles on that backtest's residuals, refit on all of TRAIN, forecast
 * every TEST row from its series' origin, write the predictions, then score them.
 *
 * <p>TEST targets are read into a separate array used only for the scores at the end; the forecasts
 * are computed before it is looked at and never from it.
 */
public final class Evaluator {
  /** Names of the two naive forecasts, as in the report. */
  public static final String WEEK = "seasonal_naive_week";

  public static final String DAY = "persistence_day";

  private final Settings settings;
  private final Consumer<String> log;

  /**
   * @param maxRows training rows kept (sampled with the seed beyond this)
   * @param threads XGBoost threads
   */
  public record Settings(
      int maxRows, int threads, long seed, HolidayCalendar holidays, List<String> candidates) {
    public static Settings defaults() {
      return new Settings(
          60_000,
          Math.max(1, Runtime.getRuntime().availableProcessors()),
          20260101L,
          HolidayCalendar.NONE,
          List.of("xgboost", "linear"));
    }
  }

  public Evaluator() {
    this(Settings.defaults(), System.err::println);
  }

  public Evaluator(Settings settings, Consumer<String> log) {
    this.settings = settings;
    this.log = log;
  }

  /** One training or backtest row: which series, origin and target index. */
  private record Slot(int frame, int origin, int target) {}

  public EvaluationReport evaluate(EvaluateRequest request) throws IOException {
    checkQuantiles(request.quantiles());
    String trainName = request.train().getFileName().toString();
    String testName = request.test().getFileName().toString();
    Map<String, List<Row>> train =
        CsvInput.read(
            request.train(),
            request.timeColumn(),
            request.targetColumn(),
            request.seriesColumn(),
            request.features());
    Map<String, List<Row>> test =
        CsvInput.read(
            request.test(),
            request.timeColumn(),
            request.targetColumn(),
            request.seriesColumn(),
            request.features());
    List<SeriesFrame> frames = new ArrayList<>();
    for (Map.Entry<String, List<Row>> e : test.entrySet()) {
      List<Row> history = train.get(e.getKey());
      if (history == null) {
        throw InputException.at(
            testName,
            e.getValue().get(0).line(),
            request.seriesColumn(),
            "series '" + e.getKey() + "' has no rows in " + trainName);
      }
      SeriesFrame f =
          SeriesFrame.of(
              e.getKey(),
              history,
              e.getValue(),
              trainName,
              testName,
              request.features().size(),
              log);
      int needed = 14 * f.day();
      if (f.origin() + 1 < needed) {
        throw InputException.at(
            trainName,
            0,
            null,
            "TRAIN is too short"
                + (e.getKey().isEmpty() ? "" : " for series '" + e.getKey() + "'")
                + ": "
                + (f.origin() + 1)
                + " steps of "
                + f.step()
                + "; the weekly lags and the backtest need at least 14 days ("
                + needed
                + " steps)");
      }
      frames.add(f);
    }
    for (String s : train.keySet()) {
      if (!test.containsKey(s)) {
        log.accept(trainName + ": series '" + s + "' has no TEST rows and is not forecast");
      }
    }

    long started = System.nanoTime();
    FeatureBuilder features = new FeatureBuilder(request.features(), settings.holidays());
    List<Slot> slots = trainingSlots(frames);
    // Backtest split: forecasts made from origins in the last weeks of TRAIN, by a model trained
    // on targets before them.
    List<Slot> fitSlots = new ArrayList<>();
    List<Slot> checkSlots = new ArrayList<>();
    for (Slot s : slots) {
      SeriesFrame f = frames.get(s.frame());
      int split = f.origin() - validationDays(f) * f.day();
      if (s.target() <= split) {
        fitSlots.add(s);
      } else if (s.origin() >= split) {
        checkSlots.add(s);
      }
    }
    Matrix fit = matrix(features, frames, fitSlots);
    Matrix check = matrix(features, frames, checkSlots);
    int[] checkHorizon = checkSlots.stream().mapToInt(s -> s.target() - s.origin()).toArray();

    Map<String, double[]> backtest = new LinkedHashMap<>();
    for (String name : settings.candidates()) {
      Learner learner = learner(name);
      backtest.put(name, learner.fit(fit, settings.seed()).predict(check));
    }
    backtest.put(WEEK, column(check, "lag_week", "profile_7d"));
    backtest.put(DAY, column(check, "lag_day", "profile_7d"));
    String chosen = null;
    double best = Double.POSITIVE_INFINITY;
    for (Map.Entry<String, double[]> e : backtest.entrySet()) {
      double mae = Scores.mae(check.targets(), e.getValue());
      log.accept(String.format(java.util.Locale.ROOT, "backtest %-20s MAE %.6g", e.getKey(), mae));
      if (mae < best) {
        best = mae;
        chosen = e.getKey();
      }
    }
    double lower = allNonNegative(frames) ? 0 : Double.NEGATIVE_INFINITY;
    ConformalQuantiles quantiles =
        ConformalQuantiles.fit(
            backtest.get(chosen),
            check.targets(),
            checkHorizon,
            frames.get(0).day(),
            lower,
            Double.POSITIVE_INFINITY);

    // Final model on every training row.
    List<Slot> testSlots = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      SeriesFrame f = frames.get(i);
      for (int t : f.testIndex()) {
        testSlots.add(new Slot(i, f.origin(), t));
      }
    }
    Matrix future = matrix(features, frames, testSlots);
    double[] point;
    if (chosen.equals(WEEK) || chosen.equals(DAY)) {
      point = column(future, chosen.equals(WEEK) ? "lag_week" : "lag_day", "profile_7d");
    } else {
      Learner.Fitted model = learner(chosen).fit(matrix(features, frames, slots), settings.seed());
      double trainSeconds = (System.nanoTime() - started) / 1e9;
      started = System.nanoTime();
      point = model.predict(future);
      return finish(
          request, frames, testSlots, future, point, quantiles, chosen, trainSeconds, started);
    }
    double trainSeconds = (System.nanoTime() - started) / 1e9;
    return finish(
        request,
        frames,
        testSlots,
        future,
        point,
        quantiles,
        chosen,
        trainSeconds,
        System.nanoTime());
  }

  private EvaluationReport finish(
      EvaluateRequest request,
      List<SeriesFrame> frames,
      List<Slot> testSlots,
      Matrix future,
      double[] point,
      ConformalQuantiles conformal,
      String chosen,
      double trainSeconds,
      long predictStarted)
      throws IOException {
    List<Double> qs = request.quantiles();
    double[][] q = new double[qs.size()][point.length];
    for (int r = 0; r < point.length; r++) {
      Slot s = testSlots.get(r);
      for (int j = 0; j < qs.size(); j++) {
        q[j][r] = conformal.quantile(point[r], s.target() - s.origin(), qs.get(j));
      }
    }
    double predictSeconds = (System.nanoTime() - predictStarted) / 1e9;
    write(request, frames, q);

    // Scoring: the first and only place TEST actuals are read.
    double[] actual = new double[point.length];
    double[] scaled = new double[point.length];
    int r = 0;
    for (SeriesFrame f : frames) {
      double scale = Scores.seasonalScale(history(f), 7 * f.day());
      for (double a : f.testActual()) {
        actual[r] = a;
        scaled[r] = scale;
        r++;
      }
    }
    int median = qs.indexOf(0.5);
    double[] p50 = median >= 0 ? q[median] : point;
    double pinball = 0;
    for (int j = 0; j < qs.size(); j++) {
      pinball += Scores.pinball(actual, q[j], qs.get(j));
    }
    pinball /= qs.size();
    int lo = qs.indexOf(0.1);
    int hi = qs.indexOf(0.9);
    double coverage = lo >= 0 && hi >= 0 ? Scores.coverage(actual, q[lo], q[hi]) : Double.NaN;
    double[] scaledActual = new double[actual.length];
    double[] scaledForecast = new double[actual.length];
    for (int i = 0; i < actual.length; i++) {
      scaledActual[i] = actual[i] / scaled[i];
      scaledForecast[i] = p50[i] / scaled[i];
    }
    Map<String, BaselineScore> baselines = new LinkedHashMap<>();
    double[] week = column(future, "lag_week", "profile_7d");
    double[] day = column(future, "lag_day", "profile_7d");
    baselines.put(WEEK, new BaselineScore(Scores.mae(actual, week), Scores.mape(actual, week)));
    baselines.put(DAY, new BaselineScore(Scores.mae(actual, day), Scores.mape(actual, day)));
    return new EvaluationReport(
        chosen,
        Scores.mae(actual, p50),
        Scores.rmse(actual, p50),
        Scores.mape(actual, p50),
        Scores.mae(scaledActual, scaledForecast),
        pinball,
        coverage,
        baselines,
        trainSeconds,
        predictSeconds);
  }

  private static void write(EvaluateRequest request, List<SeriesFrame> frames, double[][] q)
      throws IOException {
    List<String> header = new ArrayList<>(List.of("time", "series"));
    for (double x : request.quantiles()) {
      header.add(quantileName(x));
    }
    if (request.out().getParent() != null) {
      Files.createDirectories(request.out().getParent());
    }
    try (Writer w = Files.newBufferedWriter(request.out(), StandardCharsets.UTF_8);
        CSVPrinter p =
            new CSVPrinter(
                w, CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).get())) {
      int r = 0;
      for (SeriesFrame f : frames) {
        for (String time : f.testTime()) {
          List<Object> cells = new ArrayList<>();
          cells.add(time);
          cells.add(f.series());
          for (double[] column : q) {
            cells.add(column[r]);
          }
          p.printRecord(cells);
          r++;
        }
      }
    }
  }

  /** {@code p10} for 0.1, {@code p2.5} for 0.025. */
  public static String quantileName(double q) {
    java.math.BigDecimal pct =
        java.math.BigDecimal.valueOf(q).movePointRight(2).stripTrailingZeros();
    return "p" + pct.toPlainString();
  }

  private static void checkQuantiles(List<Double> qs) {
    if (qs.isEmpty()) {
      throw new InputException("--quantiles: at least one quantile is needed");
    }
    double previous = 0;
    for (double q : qs) {
      if (!(q > 0 && q < 1)) {
        throw new InputException("--quantiles: " + q + " is not strictly between 0 and 1");
      }
      if (q <= previous) {
        throw new InputException("--quantiles: must be strictly increasing, " + q + " is not");
      }
      previous = q;
    }
  }

  private static double[] history(SeriesFrame f) {
    double[] h = new double[f.origin() + 1];
    for (int i = 0; i <= f.origin(); i++) {
      h[i] = f.target(i);
    }
    return h;
  }

  private static boolean allNonNegative(List<SeriesFrame> frames) {
    for (SeriesFrame f : frames) {
      for (int i = 0; i <= f.origin(); i++) {
        if (f.target(i) < 0) {
          return false;
        }
      }
    }
    return true;
  }

  /** Days of TRAIN whose origins form the backtest: a week more than the horizon, 7 to 28. */
  private static int validationDays(SeriesFrame f) {
    int horizonDays = (f.maxHorizon() + f.day() - 1) / f.day();
    return Math.max(7, Math.min(28, horizonDays + 7));
  }

  /**
   * Origins every day at the forecast origin's time of day, going back from it; from each, every
   * horizon the TEST needs whose target is still inside TRAIN. Beyond {@code maxRows}, a seeded
   * sample.
   */
  private List<Slot> trainingSlots(List<SeriesFrame> frames) {
    List<Slot> all = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      SeriesFrame f = frames.get(i);
      int day = f.day();
      int horizon = f.maxHorizon();
      for (int o = f.origin() - day; o >= 7 * day; o -= day) {
        for (int k = 1; k <= horizon && o + k <= f.origin(); k++) {
          if (!Double.isNaN(f.target(o + k))) {
            all.add(new Slot(i, o, o + k));
          }
        }
      }
    }
    if (all.size() <= settings.maxRows()) {
      return all;
    }
    SplittableRandom random = new SplittableRandom(settings.seed());
    double keep = (double) settings.maxRows() / all.size();
    List<Slot> sample = new ArrayList<>(settings.maxRows());
    for (Slot s : all) {
      if (random.nextDouble() < keep) {
        sample.add(s);
      }
    }
    log.accept("training rows: kept a seeded sample of " + sample.size() + " of " + all.size());
    return sample;
  }

  private static Matrix matrix(
      FeatureBuilder features, List<SeriesFrame> frames, List<Slot> slots) {
    double[][] rows = new double[slots.size()][];
    double[] targets = new double[slots.size()];
    for (int r = 0; r < slots.size(); r++) {
      Slot s = slots.get(r);
      SeriesFrame f = frames.get(s.frame());
      rows[r] = features.row(f, s.origin(), s.target());
      targets[r] = s.target() <= f.origin() ? f.target(s.target()) : Double.NaN;
    }
    return new Matrix(features.names(), rows, targets);
  }

  /** A feature column as a forecast, with a fallback column where it is missing. */
  private static double[] column(Matrix m, String name, String fallback) {
    int c = indexOf(m.names(), name);
    int b = indexOf(m.names(), fallback);
    double[] out = new double[m.size()];
    for (int r = 0; r < out.length; r++) {
      double v = m.rows()[r][c];
      out[r] = Double.isNaN(v) ? m.rows()[r][b] : v;
    }
    return out;
  }

  private static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(name);
  }

  private Learner learner(String name) {
    return switch (name) {
      case "xgboost" -> TribuoLearner.xgboost(400, 7, settings.threads());
      case "extra_trees" -> TribuoLearner.extraTrees(24, 12);
      case "linear" -> TribuoLearner.linear(8);
      default -> throw new IllegalArgumentException("unknown model " + name);
    };
  }
}

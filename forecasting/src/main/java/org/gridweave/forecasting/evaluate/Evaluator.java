package org.gridweave.forecasting.evaluate;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.gridweave.forecasting.data.CsvInput;
import org.gridweave.forecasting.data.InputException;
import org.gridweave.forecasting.data.Row;
import org.gridweave.forecasting.data.SeriesFrame;
import org.gridweave.forecasting.engine.ForecastEngine;
import org.gridweave.forecasting.metrics.Scores;

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
  public static final String WEEK = ForecastEngine.WEEK;

  public static final String DAY = ForecastEngine.DAY;

  private final ForecastEngine.Settings settings;
  private final Consumer<String> log;

  public Evaluator() {
    this(ForecastEngine.Settings.defaults(), System.err::println);
  }

  public Evaluator(ForecastEngine.Settings settings, Consumer<String> log) {
    this.settings = settings;
    this.log = log;
  }

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
    ForecastEngine.Result result =
        new ForecastEngine(settings, log).run(frames, request.features(), request.quantiles());
    write(request, result);
    return score(request, result);
  }

  /** Scoring: the first and only place TEST actuals are read. */
  private static EvaluationReport score(EvaluateRequest request, ForecastEngine.Result result) {
    List<Double> qs = request.quantiles();
    int n = result.forecasts().stream().mapToInt(f -> f.point().length).sum();
    double[] actual = new double[n];
    double[] p50 = new double[n];
    double[] scaledActual = new double[n];
    double[] scaledForecast = new double[n];
    double[] week = new double[n];
    double[] day = new double[n];
    double[][] q = new double[qs.size()][n];
    int median = qs.indexOf(0.5);
    int r = 0;
    for (ForecastEngine.SeriesForecast sf : result.forecasts()) {
      SeriesFrame f = sf.frame();
      double scale = Scores.seasonalScale(history(f), 7 * f.day());
      double[] a = f.testActual();
      for (int k = 0; k < a.length; k++, r++) {
        actual[r] = a[k];
        p50[r] = median >= 0 ? sf.quantiles()[median][k] : sf.point()[k];
        scaledActual[r] = a[k] / scale;
        scaledForecast[r] = p50[r] / scale;
        week[r] = sf.week()[k];
        day[r] = sf.day()[k];
        for (int j = 0; j < qs.size(); j++) {
          q[j][r] = sf.quantiles()[j][k];
        }
      }
    }
    double pinball = 0;
    for (int j = 0; j < qs.size(); j++) {
      pinball += Scores.pinball(actual, q[j], qs.get(j));
    }
    pinball /= qs.size();
    int lo = qs.indexOf(0.1);
    int hi = qs.indexOf(0.9);
    double coverage = lo >= 0 && hi >= 0 ? Scores.coverage(actual, q[lo], q[hi]) : Double.NaN;
    Map<String, BaselineScore> baselines = new LinkedHashMap<>();
    baselines.put(WEEK, new BaselineScore(Scores.mae(actual, week), Scores.mape(actual, week)));
    baselines.put(DAY, new BaselineScore(Scores.mae(actual, day), Scores.mape(actual, day)));
    return new EvaluationReport(
        result.model(),
        Scores.mae(actual, p50),
        Scores.rmse(actual, p50),
        Scores.mape(actual, p50),
        Scores.mae(scaledActual, scaledForecast),
        pinball,
        coverage,
        baselines,
        result.trainSeconds(),
        result.predictSeconds());
  }

  private static void write(EvaluateRequest request, ForecastEngine.Result result)
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
      for (ForecastEngine.SeriesForecast sf : result.forecasts()) {
        String[] times = sf.frame().testTime();
        for (int k = 0; k < times.length; k++) {
          List<Object> cells = new ArrayList<>();
          cells.add(times[k]);
          cells.add(sf.frame().series());
          for (double[] column : sf.quantiles()) {
            cells.add(column[k]);
          }
          p.printRecord(cells);
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
}

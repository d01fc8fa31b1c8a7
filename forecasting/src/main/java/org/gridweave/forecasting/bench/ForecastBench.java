package org.gridweave.forecasting.bench;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.gridweave.forecasting.data.Row;
import org.gridweave.forecasting.data.SeriesFrame;
import org.gridweave.forecasting.engine.ForecastEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gridweave bench forecast}: one model per series on a year of hourly household-like
 * demand (seeded synthetic profiles: daily and weekly shape, season, noise, each its own scale),
 * then 48-hour forecasts with P10/P50/P90 for every series. Training runs series in parallel, one
 * XGBoost thread each, with the service's own engine (backtest against the naive forecasts,
 * conformal quantiles, refit).
 */
@Command(name = "forecast", description = "Per-series training and inference; one JSON line.")
public final class ForecastBench implements Callable<Integer> {
  @Option(names = "--series", description = "number of series (default ${DEFAULT-VALUE})")
  int series = 1000;

  @Option(names = "--days", description = "days of hourly history (default ${DEFAULT-VALUE})")
  int days = 365;

  @Option(names = "--horizon-hours", description = "forecast horizon (default ${DEFAULT-VALUE})")
  int horizon = 48;

  @Option(
      names = "--rows",
      description = "training rows per series, sampled (default ${DEFAULT-VALUE})")
  int rows = 2500;

  @Option(names = "--trees", description = "XGBoost trees (default ${DEFAULT-VALUE})")
  int trees = 60;

  private static final LocalDateTime START = LocalDateTime.of(2024, 1, 1, 0, 0);
  private static final List<Double> QUANTILES = List.of(0.1, 0.5, 0.9);

  @Override
  public Integer call() throws Exception {
    if (series < 1 || days < 15 || horizon < 1) {
      throw new IllegalArgumentException("--series >= 1, --days >= 15, --horizon-hours >= 1");
    }
    int cores = Runtime.getRuntime().availableProcessors();
    List<SeriesFrame> frames = new ArrayList<>(series);
    for (int s = 0; s < series; s++) {
      frames.add(frame(s));
    }
    ForecastEngine.Settings settings =
        new ForecastEngine.Settings(
            rows,
            1,
            7,
            org.gridweave.forecasting.features.HolidayCalendar.NONE,
            List.of("xgboost"),
            trees);
    ExecutorService pool = Executors.newFixedThreadPool(cores);
    try {
      long t0 = System.nanoTime();
      List<Future<ForecastEngine.Trained>> training = new ArrayList<>();
      for (SeriesFrame f : frames) {
        training.add(
            pool.submit(() -> new ForecastEngine(settings, m -> {}).train(List.of(f), List.of())));
      }
      List<ForecastEngine.Trained> models = new ArrayList<>();
      for (Future<ForecastEngine.Trained> t : training) {
        models.add(t.get());
      }
      double trainSeconds = (System.nanoTime() - t0) / 1e9;

      long t1 = System.nanoTime();
      List<Future<ForecastEngine.Result>> inference = new ArrayList<>();
      for (ForecastEngine.Trained m : models) {
        inference.add(pool.submit(() -> m.forecast(QUANTILES)));
      }
      double maeModel = 0;
      double maeWeek = 0;
      int chosenXgb = 0;
      List<ForecastEngine.Result> results = new ArrayList<>();
      for (Future<ForecastEngine.Result> r : inference) {
        results.add(r.get());
      }
      double inferMs = (System.nanoTime() - t1) / 1e6;
      for (int s = 0; s < series; s++) {
        ForecastEngine.Result r = results.get(s);
        ForecastEngine.SeriesForecast f = r.forecasts().get(0);
        double[] actual = f.frame().testActual();
        maeModel += org.gridweave.forecasting.metrics.Scores.mae(actual, f.quantiles()[1]);
        maeWeek += org.gridweave.forecasting.metrics.Scores.mae(actual, f.week());
        chosenXgb +=
            r.model().equals(ForecastEngine.WEEK) || r.model().equals(ForecastEngine.DAY) ? 0 : 1;
      }
      System.err.printf(
          Locale.ROOT,
          "bench: %d of %d series chose a learned model over the naive forecasts; mean MAE %.4f vs"
              + " weekly naive %.4f%n",
          chosenXgb,
          series,
          maeModel / series,
          maeWeek / series);
      System.out.printf(
          Locale.ROOT,
          "{\"bench\":\"forecast\",\"series\":%d,\"train_s\":%.1f,\"infer_ms\":%.0f,\"cores\":%d}%n",
          series,
          trainSeconds,
          inferMs,
          cores);
    } finally {
      pool.shutdownNow();
    }
    return 0;
  }

  /** A household-like hourly demand series in kWh, with the next {@code horizon} hours as TEST. */
  private SeriesFrame frame(int s) {
    SplittableRandom r = new SplittableRandom(1000L + s);
    double scale = 0.2 + r.nextDouble() * 0.8;
    double eveningPeak = 17 + r.nextInt(4);
    double weekendLift = r.nextDouble() * 0.3;
    List<Row> history = new ArrayList<>(days * 24);
    List<Row> future = new ArrayList<>(horizon);
    int total = days * 24 + horizon;
    for (int i = 0; i < total; i++) {
      LocalDateTime t = START.plusHours(i);
      int h = t.getHour();
      double daily =
          0.4
              + 0.5 * Math.exp(-Math.pow(h - 7.5, 2) / 3)
              + 1.0 * Math.exp(-Math.pow(h - eveningPeak, 2) / 6);
      double weekend = t.getDayOfWeek().getValue() >= 6 ? 1 + weekendLift : 1;
      double season = 1 + 0.3 * Math.cos(2 * Math.PI * t.getDayOfYear() / 365.25);
      double noise = Math.exp(0.25 * r.nextGaussian());
      double y = scale * daily * weekend * season * noise;
      Row row =
          new Row(i + 2, "s" + s, t.toString(), t.toInstant(ZoneOffset.UTC), t, y, new double[0]);
      (i < days * 24 ? history : future).add(row);
    }
    return SeriesFrame.of("s" + s, history, future, "bench", "bench", 0, m -> {});
  }
}

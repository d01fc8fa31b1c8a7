package org.gridweave.forecasting.service.training;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.gridweave.forecasting.data.InputException;
import org.gridweave.forecasting.data.Row;
import org.gridweave.forecasting.data.SeriesFrame;
import org.gridweave.forecasting.engine.ForecastEngine;
import org.gridweave.forecasting.service.forecast.StoredForecast;
import org.gridweave.forecasting.service.history.HistoryPoint;
import org.gridweave.forecasting.service.history.HistoryRequirement;
import org.gridweave.forecasting.service.weather.WeatherCovariates;
import org.gridweave.forecasting.service.weather.WeatherPoint;

/**
 * Trains one target on its history (plain Java, no framework): builds the engine's frame from the
 * history steps and the weather, runs {@link ForecastEngine}, and keeps the forecast of every step
 * of the horizon after the last history step with the dense quantile grid.
 */
public final class TrainingRun {
  private final ForecastEngine.Settings settings;
  private final Duration horizon;
  private final ZoneId zone;
  private final Consumer<String> log;

  public TrainingRun(
      ForecastEngine.Settings settings, Duration horizon, ZoneId zone, Consumer<String> log) {
    this.settings = settings;
    this.horizon = horizon;
    this.zone = zone;
    this.log = log;
  }

  /**
   * @param name the target's name, for messages
   * @param history sorted step values, gaps allowed
   * @param weather sorted weather points around the history and the horizon (may be empty)
   * @throws org.gridweave.forecasting.service.history.NotEnoughHistory if the history is short
   * @throws TrainingRefused if the engine refuses the data
   */
  public TrainedModel train(
      String name, Duration step, List<HistoryPoint> history, List<WeatherPoint> weather) {
    HistoryRequirement.check(name, history, horizon);
    Instant last = history.get(history.size() - 1).start();
    int steps = (int) (horizon.toSeconds() / step.toSeconds());
    List<Instant> historyTimes = history.stream().map(HistoryPoint::start).toList();
    List<Instant> futureTimes = new ArrayList<>(steps);
    for (int k = 1; k <= steps; k++) {
      futureTimes.add(last.plus(step.multipliedBy(k)));
    }
    WeatherCovariates covariates = WeatherCovariates.of(weather, historyTimes, futureTimes);
    List<Row> train = new ArrayList<>(history.size());
    for (int i = 0; i < history.size(); i++) {
      HistoryPoint p = history.get(i);
      train.add(row(i + 1, name, p.start(), p.wattHours(), covariates.historyRow(i)));
    }
    List<Row> future = new ArrayList<>(steps);
    for (int k = 0; k < steps; k++) {
      future.add(row(k + 1, name, futureTimes.get(k), Double.NaN, covariates.futureRow(k)));
    }
    ForecastEngine.Result result;
    try {
      SeriesFrame frame =
          SeriesFrame.of(name, train, future, "db", "future", covariates.names().size(), log);
      result =
          new ForecastEngine(settings, log)
              .run(List.of(frame), covariates.names(), StoredForecast.LEVELS);
    } catch (InputException | IllegalArgumentException e) {
      throw new TrainingRefused(name + ": " + e.getMessage(), e);
    }
    ForecastEngine.SeriesForecast f = result.forecasts().get(0);
    long[] starts = futureTimes.stream().mapToLong(Instant::getEpochSecond).toArray();
    StoredForecast stored =
        new StoredForecast(
            step.toSeconds(),
            starts,
            f.point(),
            f.week(),
            f.day(),
            StoredForecast.LEVELS.stream().mapToDouble(Double::doubleValue).toArray(),
            StoredForecast.ordered(f.quantiles()));
    return new TrainedModel(
        result.model(),
        result.backtestMae(),
        result.provenance(),
        result.features(),
        covariates.names(),
        history.get(0).start(),
        last,
        history.size(),
        result.trainedOn(),
        settings.seed(),
        result.trainSeconds() + result.predictSeconds(),
        stored);
  }

  private Row row(long line, String name, Instant t, double value, double[] covariates) {
    return new Row(
        line, name, t.toString(), t, LocalDateTime.ofInstant(t, zone), value, covariates);
  }
}

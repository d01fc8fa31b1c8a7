package org.gridweave.forecasting.service.training;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.gridweave.forecasting.engine.ForecastEngine;
import org.gridweave.forecasting.features.HolidayCalendar;
import org.gridweave.forecasting.service.ForecastingConfig;
import org.gridweave.forecasting.service.forecast.ForecastView;
import org.gridweave.forecasting.service.history.HistoryPoint;
import org.gridweave.forecasting.service.history.HistoryRequirement;
import org.gridweave.forecasting.service.history.IntervalHistory;
import org.gridweave.forecasting.service.history.NotEnoughHistory;
import org.gridweave.forecasting.service.history.UnknownTarget;
import org.gridweave.forecasting.service.publish.ForecastPublisher;
import org.gridweave.forecasting.service.target.Target;
import org.gridweave.forecasting.service.weather.WeatherStore;
import org.jboss.logging.Logger;

/**
 * Runs trainings one at a time on its own worker thread (the engine is CPU-bound; never on the
 * event loop): reads the history and the weather, trains, stores the model with its forecast and
 * publishes the forecast. A request for a target already queued or running joins that training.
 */
@ApplicationScoped
public class Trainer {
  private static final Logger LOG = Logger.getLogger(Trainer.class);

  @Inject IntervalHistory history;
  @Inject WeatherStore weather;
  @Inject ModelStore models;
  @Inject ForecastPublisher publisher;
  @Inject ForecastingConfig config;
  @Inject Clock clock;
  @Inject MeterRegistry metrics;

  private final ExecutorService worker =
      Executors.newSingleThreadExecutor(
          r -> Thread.ofPlatform().name("forecast-training").daemon().unstarted(r));
  private final Map<Target, TrainingStatus> statuses = new ConcurrentHashMap<>();
  private final Map<Target, CompletableFuture<ModelEntity>> running = new ConcurrentHashMap<>();

  void stop(@Observes ShutdownEvent event) {
    worker.shutdownNow();
  }

  /**
   * Checks that the target exists and has enough history, then queues its training.
   *
   * @return the queued (or already active) training; fails with {@link UnknownTarget} or {@link
   *     NotEnoughHistory}
   */
  public Uni<TrainingStatus> request(Target target) {
    TrainingStatus active = statuses.get(target);
    if (active != null && active.active()) {
      return Uni.createFrom().item(active);
    }
    Instant now = clock.instant();
    return history
        .feederOf(target)
        .map(f ->
            f.orElseThrow(() ->
                new UnknownTarget(
                    "no " + target.scope().key() + " '" + target.id() + "' is registered")))
        .chain(() -> history.load(target, now))
        .map(h -> {
          HistoryRequirement.check(target.name(), h, config.horizon());
          return submit(target, h);
        });
  }

  /** The training's outcome, once it has finished (for {@code ?wait=true}). */
  public Uni<ModelEntity> outcome(Target target) {
    CompletableFuture<ModelEntity> f = running.get(target);
    return f == null
        ? Uni.createFrom().failure(new UnknownTarget("no training of " + target + " is running"))
        : Uni.createFrom().completionStage(f);
  }

  public TrainingStatus status(Target target) {
    return statuses.get(target);
  }

  /** Queues a training that reads its own history (the schedule's path). */
  public synchronized TrainingStatus submit(Target target, List<HistoryPoint> loaded) {
    TrainingStatus active = statuses.get(target);
    if (active != null && active.active()) {
      return active;
    }
    TrainingStatus queued =
        new TrainingStatus(
            target.name(),
            target.step().toString(),
            TrainingStatus.State.queued,
            clock.instant(),
            null,
            null,
            null);
    statuses.put(target, queued);
    CompletableFuture<ModelEntity> done = new CompletableFuture<>();
    running.put(target, done);
    worker.execute(() -> run(target, loaded, done));
    return queued;
  }

  private void run(Target target, List<HistoryPoint> loaded, CompletableFuture<ModelEntity> done) {
    statuses.computeIfPresent(
        target, (t, s) -> s.with(TrainingStatus.State.running, null, null, null));
    Timer.Sample sample = Timer.start(metrics);
    String outcome = "failed";
    try {
      Instant now = clock.instant();
      List<HistoryPoint> h = loaded != null ? loaded : await(() -> history.load(target, now));
      String feeder =
          await(() -> history.feederOf(target))
              .orElseThrow(
                  () -> new UnknownTarget("no " + target.scope().key() + " " + target.id()));
      var points =
          h.isEmpty()
              ? List.<org.gridweave.forecasting.service.weather.WeatherPoint>of()
              : await(() ->
                  weather.around(
                      feeder,
                      h.get(0).start(),
                      h.get(h.size() - 1).start().plus(config.horizon())));
      TrainedModel model =
          new TrainingRun(settings(), config.horizon(), config.timeZone(), LOG::debug)
              .train(target.name(), target.step(), h, points);
      ModelEntity saved = await(() -> models.save(target, model, clock.instant()));
      LOG.infof(
          "trained %s: %s, backtest MAE %.4g Wh (naive week %s, day %s), %d history steps",
          target,
          model.trainer(),
          saved.modelMae,
          saved.weekMae,
          saved.dayMae,
          model.historySteps());
      publisher.publish(
          ForecastView.of(
              target.name(),
              saved.id,
              saved.trainer,
              saved.trainedAt,
              model.forecast(),
              config.defaultQuantiles(),
              null,
              null),
          target.atInterval(config.interval()));
      statuses.computeIfPresent(
          target, (t, s) -> s.with(TrainingStatus.State.done, clock.instant(), saved.id, null));
      outcome = "done";
      done.complete(saved);
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.toString() : e.getMessage();
      LOG.warnf("training of %s failed: %s", target, why);
      if (!(e instanceof NotEnoughHistory
          || e instanceof TrainingRefused
          || e instanceof UnknownTarget)) {
        LOG.debug("training failure", e);
      }
      statuses.computeIfPresent(
          target, (t, s) -> s.with(TrainingStatus.State.failed, clock.instant(), null, why));
      done.completeExceptionally(e);
    } finally {
      sample.stop(
          metrics.timer(
              "gridweave.forecasting.training", "target", target.name(), "outcome", outcome));
    }
  }

  private ForecastEngine.Settings settings() {
    ForecastingConfig.Engine e = config.engine();
    return new ForecastEngine.Settings(
        e.maxRows(), e.threads(), e.seed(), HolidayCalendar.NONE, e.candidates(), e.xgboostTrees());
  }

  /** Runs a reactive database call from this worker thread and waits for it. */
  private static <T> T await(Supplier<Uni<T>> call) {
    try {
      return VertxContextSupport.subscribeAndAwait(call);
    } catch (RuntimeException e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException(t.getMessage(), t);
    }
  }
}

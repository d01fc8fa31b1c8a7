package org.gridweave.forecasting.service.training;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.gridweave.forecasting.service.ForecastingConfig;
import org.gridweave.forecasting.service.history.IntervalHistory;
import org.gridweave.forecasting.service.target.InvalidTarget;
import org.gridweave.forecasting.service.target.Target;
import org.jboss.logging.Logger;

/**
 * Retrains on a schedule ({@code gridweave.forecasting.retrain.every}, {@code off} to disable): the
 * configured targets, or the demand of every feeder plus every target that has a model. Targets
 * whose history is still too short are skipped until it is long enough.
 */
@ApplicationScoped
public class RetrainSchedule {
  private static final Logger LOG = Logger.getLogger(RetrainSchedule.class);

  @Inject Trainer trainer;
  @Inject IntervalHistory history;
  @Inject ModelStore models;
  @Inject ForecastingConfig config;

  @Scheduled(
      identity = "retrain",
      every = "${gridweave.forecasting.retrain.every}",
      delayed = "${gridweave.forecasting.retrain.first-after}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  Uni<Void> retrain() {
    return targets()
        .chain(targets ->
            Uni.join()
                .all(
                    targets.stream()
                        .map(t ->
                            trainer
                                .request(t)
                                .onFailure()
                                .recoverWithItem(e -> {
                                  LOG.infof("not retraining %s: %s", t, e.getMessage());
                                  return null;
                                }))
                        .toList())
                .andCollectFailures()
                .replaceWithVoid())
        .onFailure()
        .recoverWithItem(e -> {
          LOG.warnf("scheduled retraining skipped: %s", e.getMessage());
          return null;
        });
  }

  Uni<List<Target>> targets() {
    if (config.retrain().targets().isPresent()) {
      return Uni.createFrom()
          .item(
              config.retrain().targets().get().stream()
                  .map(n -> Target.parse(n, null, config.interval()))
                  .toList());
    }
    return history
        .feeders()
        .chain(feeders ->
            models
                .latestOfEach()
                .map(stored -> {
                  Set<Target> out = new LinkedHashSet<>();
                  for (String f : feeders) {
                    out.add(Target.parse("demand.feeder." + f, null, config.interval()));
                  }
                  for (ModelEntity m : stored) {
                    try {
                      out.add(
                          Target.parse(m.target, "PT" + m.stepSeconds + "S", config.interval()));
                    } catch (InvalidTarget e) {
                      LOG.infof("not retraining stored %s: %s", m.target, e.getMessage());
                    }
                  }
                  return List.copyOf(out);
                }));
  }
}

package org.gridweave.forecasting.service.training;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Instant;

/**
 * The state of the latest training request of a target (kept in memory, not across restarts).
 *
 * @param modelId the stored model when {@code state} is {@code done}
 * @param error why it failed when {@code state} is {@code failed}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TrainingStatus(
    String target,
    String step,
    State state,
    Instant requestedAt,
    Instant finishedAt,
    Long modelId,
    String error) {

  /** Lifecycle: queued, then running, then done or failed. */
  public enum State {
    queued,
    running,
    done,
    failed
  }

  public boolean active() {
    return state == State.queued || state == State.running;
  }

  TrainingStatus with(State s, Instant finished, Long model, String why) {
    return new TrainingStatus(target, step, s, requestedAt, finished, model, why);
  }
}

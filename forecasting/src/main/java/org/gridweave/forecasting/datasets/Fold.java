package org.gridweave.forecasting.datasets;

import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * One rolling-origin fold: TRAIN ends at {@code origin} (the forecast origin, last TRAIN time of
 * every series), TEST is the {@code horizon} steps after it.
 *
 * @param number 1-based
 * @param maxTrainSteps cap on TRAIN length per series (steps, including the origin)
 * @param minTrainSteps a series with a shorter gap-free TRAIN is left out of the fold
 */
public record Fold(
    int number, LocalDateTime origin, int horizon, int maxTrainSteps, int minTrainSteps) {

  public Fold {
    if (horizon < 1 || maxTrainSteps < 1 || minTrainSteps < 1 || minTrainSteps > maxTrainSteps) {
      throw new IllegalArgumentException(
          "bad fold: horizon " + horizon + ", train " + minTrainSteps + ".." + maxTrainSteps);
    }
  }

  /**
   * {@code k} items spread evenly over {@code candidates} (first and last included; the last one
   * alone when {@code k == 1}; all when there are no more than {@code k}).
   */
  public static <T> List<T> spread(List<T> candidates, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("need at least one fold, got " + k);
    }
    int n = candidates.size();
    if (n <= k) {
      return List.copyOf(candidates);
    }
    if (k == 1) {
      return List.of(candidates.get(n - 1));
    }
    List<T> out = new ArrayList<>(k);
    for (int i = 0; i < k; i++) {
      out.add(candidates.get((int) Math.round(i * (n - 1) / (double) (k - 1))));
    }
    return out;
  }
}

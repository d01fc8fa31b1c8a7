package org.gridweave.devstack.drill;

import java.util.Optional;

/**
 * One fault drill: injects a fault into a running stack and brings the faulty part back. The {@link
 * DrillRunner} measures the rest (recovery, lost and duplicated readings).
 */
public interface Drill {
  /** The name in the JSON line, e.g. {@code broker_restart}. */
  String name();

  /** Injects the fault and returns once the faulty part is back (or replaced). */
  Fault inject() throws Exception;

  /**
   * For a drill judged on something other than readings (settled intervals, dispatched intervals):
   * waits for its own recovery and counts. Empty (the default): judged on readings.
   */
  default Optional<Judgement> judge(Fault fault) throws Exception {
    return Optional.empty();
  }

  /**
   * A drill's own verdict.
   *
   * @param unit what {@code lost} and {@code duplicated} count, e.g. {@code interval}
   * @param recoveredSeconds from the fault's {@code recoveryFrom}; empty if it did not recover
   */
  record Judgement(
      String unit,
      long lost,
      long duplicated,
      Optional<Double> recoveredSeconds,
      java.util.Map<String, Object> details) {}
}

package org.gridweave.simulations.scenario;

/**
 * A scenario file the simulator refuses, with the file, the line and the field that are wrong:
 * {@code scenario.yaml:12: battery_share must be <= 1, was 1.5}. Several problems are reported
 * together, one per line of the message, in file order.
 */
public final class ScenarioException extends RuntimeException {
  public ScenarioException(String message) {
    super(message);
  }
}

package org.gridweave.simulations.engine;

/**
 * Energy (or money) appeared or vanished in a step: the engine stops the run at once, naming the
 * step, the balance and both sides, rather than report numbers that cannot be true.
 */
public final class ConservationViolation extends RuntimeException {
  public ConservationViolation(String message) {
    super(message);
  }
}

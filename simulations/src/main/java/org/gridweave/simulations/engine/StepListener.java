package org.gridweave.simulations.engine;

import java.time.Instant;

/**
 * Sees every simulated step once it is balanced and checked (writers of the per-interval and
 * per-node CSV files). Called on the engine's thread, in step order; the arrays are the engine's
 * own and are overwritten by the next step: read, never keep or modify.
 */
public interface StepListener {
  void step(Instant at, Simulation.StepState state);
}

package org.gridweave.simulations.engine;

/**
 * Where the prosumers' true demand, PV and wind come from: a simulated meter's readings, one day at
 * a time. The engine asks for day −1 (the history naive forecasts look back on), 0, 1, … in order,
 * exactly once each.
 */
public interface ProfileSource {

  /**
   * Fills {@code [prosumer][step of day]} with average powers in kW (≥ 0) for day {@code day} (0 =
   * the day the scenario starts).
   */
  void fillDay(long day, double[][] demand, double[][] pv, double[][] wind);
}

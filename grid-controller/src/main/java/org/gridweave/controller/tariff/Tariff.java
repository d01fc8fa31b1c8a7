package org.gridweave.controller.tariff;

import java.time.Instant;

/**
 * Import and export prices, in currency units per kWh, for the interval that starts at a given
 * instant. Implementations guarantee finite prices and export ≤ import at every instant (otherwise
 * a site could import and export at once for profit, and the dispatch would be unbounded).
 */
public interface Tariff {
  double importPerKwh(Instant intervalStart);

  double exportPerKwh(Instant intervalStart);
}

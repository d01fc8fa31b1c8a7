package org.gridweave.simulations.engine;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gridweave.controller.settlement.IntervalBatch;
import org.gridweave.core.id.SiteId;

/**
 * Where a run's settled intervals go (the port the dev-chain settlement implements): each interval
 * with trades, as the controller's settlement reads them from the market's tables — the delivered
 * trades and every site's net money from its delivery statement.
 */
public interface SettlementSink {
  /**
   * @param start the interval's start (its id on chain is the epoch second)
   * @param nets each statement's net money, micros (positive: the site receives)
   */
  void interval(Instant start, List<IntervalBatch.Trade> trades, List<IntervalBatch.Net> nets);

  /**
   * Checks the settled state against the simulation's own ledger and returns the summary's {@code
   * settlement} section.
   *
   * @param netMicros per prosumer (in site order), the market money the simulation booked
   */
  Map<String, Object> finish(List<SiteId> sites, long[] netMicros);
}

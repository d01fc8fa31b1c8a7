package org.gridweave.firmware.fleet;

import java.util.Optional;
import org.gridweave.core.id.FeederId;
import org.gridweave.firmware.site.SiteDriver;

/**
 * Where a fleet's sites come from when not from its own drivers (simulated, London, OPSD): e.g. the
 * prosumers of a simulation scenario (issue #8's live mode).
 */
public interface SiteSource {

  /** The driver of the {@code index}-th meter (1-based); {@code seed} is the meter's own seed. */
  SiteDriver driver(int index, long seed);

  /** The meter's feeder; empty: the fleet's rule ({@code sitesPerFeeder} sites per feeder). */
  default Optional<FeederId> feeder(int index) {
    return Optional.empty();
  }
}

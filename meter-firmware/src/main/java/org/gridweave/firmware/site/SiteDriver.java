package org.gridweave.firmware.site;

import java.time.Instant;
import org.gridweave.core.protocol.Command;
import org.gridweave.core.protocol.Sample;

/**
 * The port between the meter and a site's hardware (or a simulation of it). A driver measures power
 * flows, integrates them into energy counters and follows setpoints.
 *
 * <p>Contract: energy counters never decrease, also across {@link #state()} / {@link
 * #restore(SiteState)}; {@link #read(Instant)} is called with non-decreasing instants. Drivers are
 * not thread-safe: the meter serialises all calls.
 */
public interface SiteDriver {

  /**
   * Measures the site at {@code now}: power import/export in W, energy counters in Wh (import,
   * export and those of the assets the site has), battery state of charge, voltage and frequency.
   */
  Sample read(Instant now);

  /**
   * Applies a command the meter has already checked against {@link #ratings()} and its expiry. The
   * setpoints hold until the command expires; fields it leaves out keep their current value.
   */
  CommandOutcome apply(Command command);

  SiteRatings ratings();

  /** A snapshot to persist; taken before a message leaves the meter, so counters never go back. */
  SiteState state();

  /** Continues from a snapshot taken by the same kind of driver before a restart. */
  void restore(SiteState state);
}

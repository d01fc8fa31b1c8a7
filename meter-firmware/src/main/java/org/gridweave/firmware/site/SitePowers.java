package org.gridweave.firmware.site;

import java.time.Instant;

/**
 * The uncontrolled powers of a simulated site at an instant, in W: what the household draws and
 * what its PV and wind could deliver before any setpoint. A {@link SimulatedSite} built with one
 * follows it instead of its own seeded day curves, so a scenario's prosumers (issue #8's live mode)
 * can run as real firmware meters with the same battery, curtailment and metering logic.
 */
public interface SitePowers {

  /** Household demand (≥ 0). */
  double loadW(Instant now);

  /** PV power the array could deliver now (≥ 0), before curtailment. */
  double pvAvailableW(Instant now);

  /** Wind turbine power (≥ 0). */
  double windW(Instant now);
}

package org.gridweave.controller.dispatch;

import java.util.Optional;
import org.gridweave.core.id.SiteId;

/** What the controller knows about each site now, from its telemetry. Thread-safe. */
public interface SiteStates {

  /**
   * The latest measured average powers in kW (the fallback's inputs when forecasts are missing).
   */
  record Measured(double demandKw, double pvKw, double windKw) {}

  /**
   * Battery energy and flexible energy served in the open window; {@link SiteState#EMPTY} if
   * unknown.
   */
  SiteState state(SiteId site);

  Optional<Measured> lastMeasured(SiteId site);
}

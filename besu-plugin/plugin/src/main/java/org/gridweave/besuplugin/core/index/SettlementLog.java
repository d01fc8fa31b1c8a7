package org.gridweave.besuplugin.core.index;

import org.gridweave.settlement.SettlementEvent;

/**
 * A decoded log of the settlement contract, where it was emitted, and whether a re-org removed it
 * ({@code removed}: the chain no longer holds it; whatever it added is to be undone).
 */
public record SettlementLog(SettlementEvent event, LogPosition position, boolean removed) {

  public SettlementLog {
    if (event == null || position == null) {
      throw new IllegalArgumentException("a settlement log needs its event and position");
    }
  }
}

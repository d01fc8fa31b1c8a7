package org.gridweave.settlement;

import java.util.List;

/** {@code IntervalPartSettled}: one part's deltas were applied. */
public record IntervalPartSettled(long intervalId, int part, int parts, List<Delta> deltas)
    implements SettlementEvent {

  public IntervalPartSettled {
    deltas = List.copyOf(deltas);
  }
}

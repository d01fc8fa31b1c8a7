package org.gridweave.settlement;

/** {@code IntervalSettled}: the last missing part of an interval landed; it is final. */
public record IntervalSettled(long intervalId, Hash32 tradesRoot, Hash32 readingsRoot, int parts)
    implements SettlementEvent {

  public IntervalSettled {
    if (tradesRoot == null || readingsRoot == null) {
      throw new IllegalArgumentException("tradesRoot and readingsRoot are required");
    }
  }
}

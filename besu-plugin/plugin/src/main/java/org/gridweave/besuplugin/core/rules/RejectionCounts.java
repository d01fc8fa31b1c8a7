package org.gridweave.besuplugin.core.rules;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import org.gridweave.besuplugin.core.rules.Rejection.Reason;

/** How many transactions were rejected, by reason. Thread-safe. */
public final class RejectionCounts {

  private final AtomicLongArray counts = new AtomicLongArray(Reason.values().length);

  void count(Reason reason) {
    counts.incrementAndGet(reason.ordinal());
  }

  public long of(Reason reason) {
    return counts.get(reason.ordinal());
  }

  /** Every reason with its count, zeros included, in declaration order. */
  public Map<Reason, Long> all() {
    Map<Reason, Long> all = new EnumMap<>(Reason.class);
    for (Reason reason : Reason.values()) {
      all.put(reason, of(reason));
    }
    return all;
  }
}

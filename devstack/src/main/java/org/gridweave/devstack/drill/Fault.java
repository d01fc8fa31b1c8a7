package org.gridweave.devstack.drill;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One injected fault as it happened.
 *
 * @param start when the fault began (a process stopped or killed, a meter cut off)
 * @param end when the faulty part was back (restarted, reconnected); not before {@code start}
 * @param recoveryFrom where recovery is measured from: {@code end} for an outage, {@code start} for
 *     a kill (the restart is part of the recovery)
 * @param details drill-specific facts for the JSON line (numbers, strings, booleans)
 */
public record Fault(Instant start, Instant end, Instant recoveryFrom, Map<String, Object> details) {
  public Fault {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    Objects.requireNonNull(recoveryFrom, "recoveryFrom");
    if (end.isBefore(start)) {
      throw new IllegalArgumentException(
          "a fault cannot end (" + end + ") before it starts " + start);
    }
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /** An outage: recovery counts from its end. */
  public static Fault outage(Instant start, Instant end) {
    return new Fault(start, end, end, Map.of());
  }

  /** A kill: recovery counts from the kill, the restart included. */
  public static Fault kill(Instant killedAt, Instant restartedAt) {
    return new Fault(killedAt, restartedAt, killedAt, Map.of());
  }

  public Fault with(String key, Object value) {
    Map<String, Object> more = new LinkedHashMap<>(details);
    more.put(key, value);
    return new Fault(start, end, recoveryFrom, more);
  }
}

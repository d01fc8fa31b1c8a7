package org.gridweave.gateway.ingest;

import java.util.HashMap;
import java.util.Map;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.Sample;
import org.gridweave.core.protocol.TelemetryMessage;

/**
 * Checks that energy counters never go backwards across a meter's messages. Sequence numbers give
 * the order: a message after the latest known one must start at or above its counters and after its
 * time; a late (backfilled) message must end at or below the latest one's first counters and before
 * its time. Confined to the ingest thread; not thread-safe.
 *
 * <p>It remembers only what this gateway instance saw since it started: a restart or a second
 * instance sharing the subscription starts from no memory, and the first message per meter is then
 * not compared across messages.
 */
public final class CounterGuard {
  private static final Measurement[] COUNTERS = {
    Measurement.ENERGY_IMPORT,
    Measurement.ENERGY_EXPORT,
    Measurement.ENERGY_PV,
    Measurement.ENERGY_WIND,
    Measurement.ENERGY_BATTERY_CHARGE,
    Measurement.ENERGY_BATTERY_DISCHARGE
  };

  private record Mark(long sequence, Sample first, Sample last) {}

  private final Map<MeterId, Mark> latest = new HashMap<>();

  /** A sentence saying which counter went backwards, or null when all are in order. */
  public String check(TelemetryMessage m) {
    Mark mark = latest.get(m.meter());
    if (mark == null || m.sequence() > mark.sequence()) {
      if (mark != null) {
        String problem = compare(mark.last(), m.first(), "message " + mark.sequence(), m);
        if (problem != null) {
          return problem;
        }
      }
      latest.put(m.meter(), new Mark(m.sequence(), m.first(), m.last()));
      return null;
    }
    if (m.sequence() < mark.sequence()) {
      return compare(m.last(), mark.first(), "message " + mark.sequence(), m);
    }
    return null;
  }

  private static String compare(Sample earlier, Sample later, String other, TelemetryMessage m) {
    if (!later.time().isAfter(earlier.time())) {
      return "message "
          + m.sequence()
          + " of meter "
          + m.meter()
          + " is out of time order with "
          + other
          + " ("
          + earlier.time()
          + " vs "
          + later.time()
          + ")";
    }
    for (Measurement c : COUNTERS) {
      if (earlier.has(c) && later.has(c) && later.value(c) < earlier.value(c)) {
        return c.field()
            + " of meter "
            + m.meter()
            + " goes backwards between "
            + other
            + " and message "
            + m.sequence()
            + ": "
            + earlier.value(c)
            + " Wh at "
            + earlier.time()
            + " then "
            + later.value(c)
            + " Wh at "
            + later.time();
      }
    }
    return null;
  }

  /** Counters inside one message; null when in order. */
  static String backwardsWithin(TelemetryMessage m) {
    for (int i = 1; i < m.samples().size(); i++) {
      Sample a = m.samples().get(i - 1);
      Sample b = m.samples().get(i);
      for (Measurement c : COUNTERS) {
        if (a.has(c) && b.has(c) && b.value(c) < a.value(c)) {
          return c.field()
              + " goes backwards inside message "
              + m.sequence()
              + ": samples["
              + (i - 1)
              + "] = "
              + a.value(c)
              + " Wh, samples["
              + i
              + "] = "
              + b.value(c)
              + " Wh";
        }
      }
    }
    return null;
  }
}

package org.gridweave.devstack.drill;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridweave.core.id.MeterId;
import org.gridweave.firmware.ProducedMessage;

/**
 * What the meters produced against what the database holds, reading by reading: a reading is
 * identified by its meter and sample time (the gateway stores one row per pair).
 *
 * @param produced readings the meters produced (in the counted messages)
 * @param stored rows the database holds for those readings, copies included
 * @param lost produced readings with no row
 * @param duplicated rows beyond the first of a produced reading
 */
public record Tally(long produced, long stored, long lost, long duplicated) {
  public Tally {
    if (produced < 0 || stored < 0 || lost < 0 || duplicated < 0) {
      throw new IllegalArgumentException("a tally counts, it cannot be negative: " + this);
    }
  }

  /**
   * @param messages the messages to account for
   * @param storedCopies rows per (meter, sample time) as the database holds them; readings of other
   *     messages in it are ignored
   */
  public static Tally of(
      Collection<ProducedMessage> messages, Map<MeterId, Map<Instant, Integer>> storedCopies) {
    Map<MeterId, Set<Instant>> wanted = new HashMap<>();
    for (ProducedMessage m : messages) {
      wanted.computeIfAbsent(m.meter(), k -> new HashSet<>()).addAll(m.sampleTimes());
    }
    long produced = 0;
    long stored = 0;
    long lost = 0;
    long duplicated = 0;
    for (var e : wanted.entrySet()) {
      Map<Instant, Integer> copies = storedCopies.getOrDefault(e.getKey(), Map.of());
      for (Instant t : e.getValue()) {
        produced++;
        int n = copies.getOrDefault(t, 0);
        stored += n;
        if (n == 0) {
          lost++;
        } else {
          duplicated += n - 1;
        }
      }
    }
    return new Tally(produced, stored, lost, duplicated);
  }

  /** The earliest sample time among {@code messages}, for bounding the database query. */
  public static Instant earliestSample(List<ProducedMessage> messages) {
    return messages.stream()
        .flatMap(m -> m.sampleTimes().stream())
        .min(Instant::compareTo)
        .orElse(Instant.EPOCH);
  }
}

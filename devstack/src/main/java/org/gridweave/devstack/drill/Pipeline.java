package org.gridweave.devstack.drill;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridweave.core.id.MeterId;
import org.gridweave.firmware.ProducedMessage;

/** The telemetry path seen from its two ends: what the meters produced, what the database holds. */
public interface Pipeline {
  /** Every message the meters produced so far, in any order. */
  List<ProducedMessage> produced();

  /** Rows per (meter, sample time) for those meters' readings sampled at or after {@code from}. */
  Map<MeterId, Map<Instant, Integer>> storedCopies(Set<MeterId> meters, Instant from);

  /**
   * When the database stored the first message sampled entirely at or after {@code sampledFrom}
   * (its first sample not before it); empty if none is stored yet.
   */
  Optional<Instant> firstStoredSampledFrom(Instant sampledFrom);
}

package org.gridweave.besuplugin.core.index;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.Hash32;

/**
 * What the chain says about one interval: its settled parts and, once the last part landed, its
 * final settlement.
 *
 * @param partsSettled one entry per settled part, by part number
 * @param settlement present once {@code IntervalSettled} was emitted (and not removed)
 */
public record IntervalView(
    long intervalId, List<PartSettled> partsSettled, Optional<Settled> settlement) {

  public IntervalView {
    partsSettled = List.copyOf(partsSettled);
  }

  /** An {@code IntervalPartSettled} log. */
  public record PartSettled(int part, int parts, List<Delta> deltas, LogPosition position) {
    public PartSettled {
      deltas = List.copyOf(deltas);
    }
  }

  /** An {@code IntervalSettled} log: the interval is final. */
  public record Settled(Hash32 tradesRoot, Hash32 readingsRoot, int parts, LogPosition position) {}

  public boolean isSettled() {
    return settlement.isPresent();
  }

  public boolean isPartSettled(int part) {
    return partsSettled.stream().anyMatch(p -> p.part() == part);
  }

  /** The number of parts the interval was split into, once a part or the settlement says so. */
  public Optional<Integer> parts() {
    if (settlement.isPresent()) {
      return Optional.of(settlement.get().parts());
    }
    return partsSettled.stream().findFirst().map(PartSettled::parts);
  }

  /**
   * Each participant's net delta over the settled parts, by participant index (the clearing
   * account's carry entries of a split batch cancel here).
   */
  public Map<Integer, Long> netDeltas() {
    Map<Integer, Long> net = new TreeMap<>();
    for (PartSettled part : partsSettled) {
      for (Delta delta : part.deltas()) {
        net.merge(delta.participantIndex(), delta.micros(), Math::addExact);
      }
    }
    return net;
  }
}

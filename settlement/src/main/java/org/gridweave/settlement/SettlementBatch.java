package org.gridweave.settlement;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One interval's settlement: both roots and the net deltas per participant, to be sent as one or
 * more {@link CommitCall}s.
 *
 * <p>The deltas must sum to zero (index 0, the clearing account, takes minus the sum of the
 * others); a participant may appear more than once (entries are merged).
 */
public record SettlementBatch(
    long intervalId, Hash32 tradesRoot, Hash32 readingsRoot, List<Delta> deltas) {

  /** The ADR's default: 2,000 entries ≈ 11 M gas, well inside a 30 M block gas limit. */
  public static final int DEFAULT_MAX_DELTAS_PER_PART = 2_000;

  public SettlementBatch {
    if (intervalId < 0) {
      throw new IllegalArgumentException("intervalId is a uint64, got " + intervalId);
    }
    if (tradesRoot == null || readingsRoot == null) {
      throw new IllegalArgumentException("tradesRoot and readingsRoot are required");
    }
    if (deltas == null) {
      throw new IllegalArgumentException("deltas are required (an empty list for none)");
    }
    deltas = List.copyOf(deltas); // also rejects null entries
    long sum = 0;
    try {
      for (Delta delta : deltas) {
        sum = Math.addExact(sum, delta.micros());
      }
    } catch (ArithmeticException overflow) {
      throw new IllegalArgumentException("the deltas' sum overflows 64 bits", overflow);
    }
    if (sum != 0) {
      throw new IllegalArgumentException(
          "the deltas of interval " + intervalId + " sum to " + sum + " micro-units, not zero");
    }
  }

  /** The net delta per participant index (duplicates merged, zeros dropped), by index. */
  public Map<Integer, Long> netByParticipant() {
    Map<Integer, Long> net = new TreeMap<>();
    for (Delta delta : deltas) {
      net.merge(delta.participantIndex(), delta.micros(), Math::addExact);
    }
    net.values().removeIf(micros -> micros == 0);
    return net;
  }

  /**
   * The calls that settle this batch, with at most {@code maxDeltasPerPart} entries each.
   *
   * <p>Entries are merged per participant (zeros dropped) and ordered by index. Participants other
   * than 0 fill the parts in order, {@code maxDeltasPerPart - 1} per part; each part then gets one
   * entry for index 0 (the clearing account) that makes it sum to zero (none if it already does).
   * Over all parts, index 0's entries add up to its net delta. A batch without deltas is one part
   * with none.
   *
   * @throws IllegalArgumentException if {@code maxDeltasPerPart < 2} or the batch would need more
   *     than {@value CommitCall#MAX_PARTS} parts
   */
  public List<CommitCall> parts(int maxDeltasPerPart) {
    if (maxDeltasPerPart < 2) {
      throw new IllegalArgumentException(
          "a part holds at least 2 deltas (one for the clearing account), got " + maxDeltasPerPart);
    }
    List<Delta> others = new ArrayList<>();
    netByParticipant()
        .forEach((index, micros) -> {
          if (index != 0) {
            others.add(new Delta(index, micros));
          }
        });
    int perPart = maxDeltasPerPart - 1;
    int parts = Math.max(1, (others.size() + perPart - 1) / perPart);
    if (parts > CommitCall.MAX_PARTS) {
      throw new IllegalArgumentException(
          others.size()
              + " participants need "
              + parts
              + " parts of "
              + maxDeltasPerPart
              + " deltas; the contract takes at most "
              + CommitCall.MAX_PARTS);
    }
    List<CommitCall> calls = new ArrayList<>(parts);
    for (int part = 0; part < parts; part++) {
      List<Delta> chunk =
          others.subList(part * perPart, Math.min(others.size(), (part + 1) * perPart));
      long sum = 0;
      for (Delta delta : chunk) {
        sum = Math.addExact(sum, delta.micros());
      }
      List<Delta> deltasOfPart = new ArrayList<>(chunk.size() + 1);
      if (sum != 0) {
        deltasOfPart.add(new Delta(0, Math.negateExact(sum)));
      }
      deltasOfPart.addAll(chunk);
      calls.add(new CommitCall(intervalId, tradesRoot, readingsRoot, part, parts, deltasOfPart));
    }
    return List.copyOf(calls);
  }
}

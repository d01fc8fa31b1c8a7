package org.gridweave.besuplugin.core.index;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.gridweave.besuplugin.core.index.IntervalView.PartSettled;
import org.gridweave.besuplugin.core.index.IntervalView.Settled;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.IntervalSettled;
import org.gridweave.settlement.OperatorAdded;
import org.gridweave.settlement.OperatorRemoved;
import org.gridweave.settlement.ParticipantRegistered;

/**
 * What this node's chain says about settlement, built from the contract's logs: per interval the
 * settled parts with their deltas, the roots and the block of the final settlement; the registered
 * participants (participant 0 is the owner, registered by the constructor); and the operator
 * changes ({@code OperatorAdded} / {@code OperatorRemoved}).
 *
 * <p>Each log is kept under its {@link LogPosition}; a removed log (re-org) takes back exactly what
 * the log at that position added, so removal and re-inclusion may arrive in either order. Applying
 * the same log twice changes nothing. Thread-safe: Besu calls listeners and RPC methods on its own
 * threads.
 *
 * <p>Memory is bounded: the index keeps the latest {@code maxIntervals} intervals by id and forgets
 * older ones ({@link #isForgotten}); registrations are all kept, and per account the latest {@link
 * #MAX_OPERATOR_LOGS_PER_ACCOUNT} operator changes (the owner alone makes them).
 */
public final class SettlementIndex {

  /** 31 days of 15-minute intervals. */
  public static final int DEFAULT_MAX_INTERVALS = 2_976;

  /**
   * Operator changes kept per account: enough to undo the changes of any re-org QBFT or a test
   * makes (the latest one decides the account's role).
   */
  public static final int MAX_OPERATOR_LOGS_PER_ACCOUNT = 16;

  /** Chain order: block, log index, then hashes (two forks' logs at one height stay apart). */
  private static final Comparator<LogPosition> CHAIN_ORDER =
      Comparator.comparingLong(LogPosition::blockNumber)
          .thenComparingInt(LogPosition::logIndex)
          .thenComparing(p -> p.blockHash().hex())
          .thenComparing(p -> p.transactionHash().hex());

  private final int maxIntervals;
  private final TreeMap<Long, Interval> intervals = new TreeMap<>();
  private final Map<Integer, Map<LogPosition, Account>> participants = new TreeMap<>();
  private final Map<Account, TreeMap<LogPosition, Boolean>> operatorChanges = new LinkedHashMap<>();
  private long logsSeen;
  private long logsRemoved;
  private long highestForgotten = -1;

  public SettlementIndex() {
    this(DEFAULT_MAX_INTERVALS);
  }

  /** Keeps at most {@code maxIntervals} intervals, the latest by id. */
  public SettlementIndex(int maxIntervals) {
    if (maxIntervals < 1) {
      throw new IllegalArgumentException(
          "the index keeps at least 1 interval, got " + maxIntervals);
    }
    this.maxIntervals = maxIntervals;
  }

  /** Adds the log's facts, or takes them back if it is {@link SettlementLog#removed()}. */
  public synchronized void apply(SettlementLog log) {
    logsSeen++;
    if (log.removed()) {
      logsRemoved++;
    }
    switch (log.event()) {
      case IntervalPartSettled part -> {
        Interval interval = intervalFor(part.intervalId(), log.removed());
        if (interval != null) {
          interval.parts.update(
              log,
              new PartSettled(part.part(), part.parts(), part.deltas(), log.position()),
              part.part());
        }
      }
      case IntervalSettled settled -> {
        Interval interval = intervalFor(settled.intervalId(), log.removed());
        if (interval != null) {
          interval.settlements.update(
              log,
              new Settled(
                  settled.tradesRoot(), settled.readingsRoot(), settled.parts(), log.position()),
              0);
        }
      }
      case ParticipantRegistered registered -> {
        if (log.removed()) {
          Map<LogPosition, Account> accounts = participants.get(registered.index());
          if (accounts != null) {
            accounts.remove(log.position());
            if (accounts.isEmpty()) {
              participants.remove(registered.index());
            }
          }
        } else {
          participants
              .computeIfAbsent(registered.index(), index -> new LinkedHashMap<>())
              .put(log.position(), registered.account());
        }
      }
      case OperatorAdded added -> operatorChange(added.operator(), log, true);
      case OperatorRemoved removed -> operatorChange(removed.operator(), log, false);
    }
    if (log.removed()) {
      intervals.values().removeIf(Interval::isEmpty);
    }
    while (intervals.size() > maxIntervals) {
      highestForgotten = Math.max(highestForgotten, intervals.pollFirstEntry().getKey());
    }
  }

  /** Whether the interval is not indexed because it is older than the intervals the index keeps. */
  public synchronized boolean isForgotten(long intervalId) {
    return intervalId <= highestForgotten && !intervals.containsKey(intervalId);
  }

  public int maxIntervals() {
    return maxIntervals;
  }

  public synchronized Optional<IntervalView> interval(long intervalId) {
    return Optional.ofNullable(intervals.get(intervalId)).map(i -> i.view(intervalId));
  }

  public synchronized boolean isSettled(long intervalId) {
    Interval interval = intervals.get(intervalId);
    return interval != null && !interval.settlements.isEmpty();
  }

  public synchronized boolean isPartSettled(long intervalId, int part) {
    Interval interval = intervals.get(intervalId);
    return interval != null && interval.parts.has(part);
  }

  /** The number of intervals with at least one settled part. */
  public synchronized int intervalsIndexed() {
    return intervals.size();
  }

  /** The latest interval with a final settlement. */
  public synchronized OptionalLong lastSettledInterval() {
    long last = -1;
    for (Map.Entry<Long, Interval> entry : intervals.entrySet()) {
      if (!entry.getValue().settlements.isEmpty()) {
        last = entry.getKey();
      }
    }
    return last < 0 ? OptionalLong.empty() : OptionalLong.of(last);
  }

  /** The registered participants, by index. */
  public synchronized Map<Integer, Account> participants() {
    Map<Integer, Account> current = new TreeMap<>();
    participants.forEach((index, accounts) -> current.put(index, latest(accounts)));
    return current;
  }

  /**
   * The contract's owner: the account of participant 0, which only the constructor registers (to
   * the deployer, who is the owner for good); empty unless this node saw the deployment.
   */
  public synchronized Optional<Account> owner() {
    return Optional.ofNullable(participants.get(0)).map(SettlementIndex::latest);
  }

  /**
   * What the chain's logs say of each account's operator role: true if its latest live change is an
   * {@code OperatorAdded}, false if an {@code OperatorRemoved}; accounts without live changes are
   * absent. In the order the accounts were first seen.
   */
  public synchronized Map<Account, Boolean> operatorChanges() {
    Map<Account, Boolean> current = new LinkedHashMap<>();
    operatorChanges.forEach(
        (account, changes) -> current.put(account, changes.lastEntry().getValue()));
    return current;
  }

  /** {@code account}'s entry of {@link #operatorChanges()}, if any. */
  public synchronized Optional<Boolean> operatorRole(Account account) {
    TreeMap<LogPosition, Boolean> changes = operatorChanges.get(account);
    return changes == null ? Optional.empty() : Optional.of(changes.lastEntry().getValue());
  }

  /** How many logs were applied, including removed ones. */
  public synchronized long logsSeen() {
    return logsSeen;
  }

  /** How many applied logs were removed ones (re-orgs). */
  public synchronized long logsRemoved() {
    return logsRemoved;
  }

  private void operatorChange(Account account, SettlementLog log, boolean added) {
    if (log.removed()) {
      TreeMap<LogPosition, Boolean> changes = operatorChanges.get(account);
      if (changes != null) {
        changes.remove(log.position());
        if (changes.isEmpty()) {
          operatorChanges.remove(account);
        }
      }
      return;
    }
    TreeMap<LogPosition, Boolean> changes =
        operatorChanges.computeIfAbsent(account, a -> new TreeMap<>(CHAIN_ORDER));
    changes.put(log.position(), added);
    while (changes.size() > MAX_OPERATOR_LOGS_PER_ACCOUNT) {
      changes.pollFirstEntry();
    }
  }

  /** The interval's records; for a removed log only existing ones (null if none). */
  private Interval intervalFor(long intervalId, boolean removed) {
    return removed
        ? intervals.get(intervalId)
        : intervals.computeIfAbsent(intervalId, id -> new Interval());
  }

  private static <T> T latest(Map<LogPosition, T> byPosition) {
    T latest = null;
    for (T value : byPosition.values()) {
      latest = value;
    }
    return latest;
  }

  /** The live logs of one kind, keyed by a number (the part) and then by position. */
  private static final class Facts<T> {
    private final Map<Integer, Map<LogPosition, T>> byKey = new TreeMap<>();

    void update(SettlementLog log, T fact, int key) {
      if (log.removed()) {
        Map<LogPosition, T> facts = byKey.get(key);
        if (facts != null) {
          facts.remove(log.position());
          if (facts.isEmpty()) {
            byKey.remove(key);
          }
        }
      } else {
        byKey.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(log.position(), fact);
      }
    }

    boolean has(int key) {
      return byKey.containsKey(key);
    }

    boolean isEmpty() {
      return byKey.isEmpty();
    }

    List<T> current() {
      List<T> current = new ArrayList<>();
      byKey.values().forEach(facts -> current.add(latest(facts)));
      return current;
    }
  }

  private static final class Interval {
    private final Facts<PartSettled> parts = new Facts<>();
    private final Facts<Settled> settlements = new Facts<>();

    boolean isEmpty() {
      return parts.isEmpty() && settlements.isEmpty();
    }

    IntervalView view(long intervalId) {
      List<Settled> settled = settlements.current();
      return new IntervalView(
          intervalId,
          parts.current(),
          settled.isEmpty() ? Optional.empty() : Optional.of(settled.get(0)));
    }
  }
}

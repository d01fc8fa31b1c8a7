package org.gridweave.firmware.settlement;

import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The latest intervals the chain has settled, as far as this meter has heard: fed with every
 * message on {@link FinalisedInterval#TOPIC_FILTER}, it keeps at most {@code capacity} intervals
 * (the newest by interval id). An empty payload retracts the topic's interval (the bridge clears
 * the retained announcement, e.g. after a re-org); a message it cannot read is logged and dropped.
 *
 * <p>Thread-safe; {@link #accept} never throws, so it can sit directly behind a transport's message
 * callback.
 */
public final class FinalisedIntervals {
  private static final System.Logger LOG = System.getLogger(FinalisedIntervals.class.getName());

  /** A day of quarter-hour intervals. */
  public static final int DEFAULT_CAPACITY = 96;

  /** What one message did. */
  public sealed interface Outcome {
    /** A new interval, or a new announcement of one already known ({@code replaced}). */
    record Recorded(FinalisedInterval interval, boolean replaced) implements Outcome {}

    /** The topic's interval was retracted; {@code wasKnown} says whether it had been kept. */
    record Retracted(long intervalId, boolean wasKnown) implements Outcome {}

    /** A valid announcement older than every interval kept while the store is full. */
    record TooOld(long intervalId) implements Outcome {}

    /** A message that could not be read; {@code reason} says why. */
    record Dropped(String reason) implements Outcome {}
  }

  private final String owner;
  private final int capacity;
  private final TreeMap<Long, FinalisedInterval> kept = new TreeMap<>();
  private long dropped;

  /**
   * @param owner who listens (a meter id), for the log
   * @param capacity how many intervals to keep, at least 1
   */
  public FinalisedIntervals(String owner, int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.owner = owner;
    this.capacity = capacity;
  }

  /** Takes one message from {@code topic}; never throws. */
  public Outcome accept(String topic, byte[] payload) {
    Outcome outcome;
    try {
      outcome = apply(topic, payload);
    } catch (SettlementNoticeException e) {
      outcome = new Outcome.Dropped(e.getMessage());
    } catch (RuntimeException e) {
      outcome = new Outcome.Dropped(topic + ": " + e);
    }
    if (outcome instanceof Outcome.Dropped) {
      synchronized (this) {
        dropped++;
      }
    }
    log(outcome);
    return outcome;
  }

  private Outcome apply(String topic, byte[] payload) throws SettlementNoticeException {
    if (payload == null || payload.length == 0) {
      long id = FinalisedInterval.intervalIdOf(topic);
      synchronized (this) {
        return new Outcome.Retracted(id, kept.remove(id) != null);
      }
    }
    FinalisedInterval interval = FinalisedInterval.parse(topic, payload);
    synchronized (this) {
      long id = interval.intervalId();
      if (kept.size() >= capacity && !kept.containsKey(id) && id < kept.firstKey()) {
        return new Outcome.TooOld(id);
      }
      boolean replaced = kept.put(id, interval) != null;
      while (kept.size() > capacity) {
        kept.pollFirstEntry();
      }
      return new Outcome.Recorded(interval, replaced);
    }
  }

  private void log(Outcome outcome) {
    switch (outcome) {
      case Outcome.Recorded r ->
          LOG.log(
              Level.INFO,
              "{0}: interval {1} ({2}) settled on chain in block {3}, trades root {4}",
              owner,
              String.valueOf(r.interval().intervalId()),
              r.interval().start(),
              String.valueOf(r.interval().blockNumber()),
              r.interval().tradesRoot());
      case Outcome.Retracted r ->
          LOG.log(
              Level.WARNING,
              "{0}: settlement of interval {1} retracted{2}",
              owner,
              String.valueOf(r.intervalId()),
              r.wasKnown() ? "" : " (it was not kept here)");
      case Outcome.TooOld t ->
          LOG.log(
              Level.DEBUG,
              "{0}: interval {1} is older than the {2} kept; ignored",
              owner,
              String.valueOf(t.intervalId()),
              capacity);
      case Outcome.Dropped d ->
          LOG.log(Level.WARNING, "{0}: dropped a settlement message: {1}", owner, d.reason());
    }
  }

  /** The settled interval starting at {@code intervalId}, if this meter has heard of it. */
  public synchronized Optional<FinalisedInterval> get(long intervalId) {
    return Optional.ofNullable(kept.get(intervalId));
  }

  /** The intervals kept, newest first. */
  public synchronized List<FinalisedInterval> latest() {
    return new ArrayList<>(kept.descendingMap().values());
  }

  /** The newest interval kept. */
  public synchronized Optional<FinalisedInterval> newest() {
    return kept.isEmpty() ? Optional.empty() : Optional.of(kept.lastEntry().getValue());
  }

  /** Messages dropped because they could not be read, since this store was made. */
  public synchronized long dropped() {
    return dropped;
  }

  public int capacity() {
    return capacity;
  }
}

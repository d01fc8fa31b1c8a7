package org.gridweave.besuplugin.core.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.gridweave.besuplugin.core.index.LogPosition;
import org.gridweave.besuplugin.core.index.SettlementIndex;
import org.gridweave.besuplugin.core.index.SettlementLog;
import org.gridweave.settlement.IntervalSettled;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chain to grid: tells meters and the controller that an interval is final, without polling.
 *
 * <ul>
 *   <li>A live (not removed) {@code IntervalSettled} log is published retained to {@code
 *       gridweave/v1/settlement/{intervalId}} ({@link SettlementMessage}).
 *   <li>A removed log is never published. If it takes back the log a retained message was published
 *       for, and no other live log settles that interval, the retained message is cleared (an empty
 *       retained publication) and a warning says so; if another live log (the transaction included
 *       again) still settles it, that one is published instead.
 *   <li>Other settlement events are not published.
 * </ul>
 *
 * To take a publication back, the bridge remembers what it published for the latest {@code
 * maxIntervals} intervals by id (by default the {@link SettlementIndex}'s retention, 31 days of
 * 15-minute intervals) and forgets older ones: a removed log of a forgotten interval is logged as a
 * warning and its retained message is left alone (QBFT never re-orgs; elsewhere a re-org that deep
 * is not expected).
 *
 * <p>Thread-safe; publishing is the {@link Publisher}'s job and never blocks here.
 */
public final class SettlementBridge {

  private static final Logger LOG = LoggerFactory.getLogger(SettlementBridge.class);

  private final Publisher publisher;
  private final int maxIntervals;
  private final TreeMap<Long, Map<LogPosition, IntervalSettled>> published = new TreeMap<>();
  private final AtomicLong publications = new AtomicLong();
  private final AtomicLong clearances = new AtomicLong();
  private long highestForgotten = -1;

  /** Remembers the {@link SettlementIndex#DEFAULT_MAX_INTERVALS} latest intervals. */
  public SettlementBridge(Publisher publisher) {
    this(publisher, SettlementIndex.DEFAULT_MAX_INTERVALS);
  }

  /** Remembers what it published for the latest {@code maxIntervals} intervals by id. */
  public SettlementBridge(Publisher publisher, int maxIntervals) {
    if (publisher == null) {
      throw new IllegalArgumentException("the bridge needs a publisher");
    }
    if (maxIntervals < 1) {
      throw new IllegalArgumentException(
          "the bridge remembers at least 1 interval, got " + maxIntervals);
    }
    this.publisher = publisher;
    this.maxIntervals = maxIntervals;
  }

  public synchronized void onLog(SettlementLog log) {
    if (!(log.event() instanceof IntervalSettled settled)) {
      return;
    }
    long intervalId = settled.intervalId();
    if (!log.removed()) {
      published
          .computeIfAbsent(intervalId, id -> new LinkedHashMap<>())
          .put(log.position(), settled);
      publish(settled, log.position());
      while (published.size() > maxIntervals) {
        highestForgotten = Math.max(highestForgotten, published.pollFirstEntry().getKey());
      }
      return;
    }
    Map<LogPosition, IntervalSettled> live = published.get(intervalId);
    if (live == null && intervalId <= highestForgotten) {
      LOG.warn(
          "interval {}: removed IntervalSettled log at {} is older than the {} intervals the"
              + " bridge remembers; its retained message on {} is left as it is",
          intervalId,
          log.position(),
          maxIntervals,
          SettlementMessage.topic(intervalId));
      return;
    }
    if (live == null || live.remove(log.position()) == null) {
      LOG.info(
          "interval {}: removed IntervalSettled log at {} was never published; nothing to take back",
          intervalId,
          log.position());
      return;
    }
    if (live.isEmpty()) {
      published.remove(intervalId);
      publisher.publishRetained(SettlementMessage.topic(intervalId), new byte[0]);
      clearances.incrementAndGet();
      LOG.warn(
          "interval {}: its IntervalSettled log at block {} ({}) was removed by a re-org; cleared"
              + " the retained message on {}: the interval is no longer settled on this chain",
          intervalId,
          log.position().blockNumber(),
          log.position().blockHash(),
          SettlementMessage.topic(intervalId));
      return;
    }
    Map.Entry<LogPosition, IntervalSettled> remaining = live.entrySet().iterator().next();
    LOG.warn(
        "interval {}: IntervalSettled log at block {} removed by a re-org; still settled at block {}",
        intervalId,
        log.position().blockNumber(),
        remaining.getKey().blockNumber());
    publish(remaining.getValue(), remaining.getKey());
  }

  /** How many intervals' publications the bridge remembers now (at most {@code maxIntervals}). */
  public synchronized int remembered() {
    return published.size();
  }

  /** How many settlements were published (each re-publication counts). */
  public long publications() {
    return publications.get();
  }

  /** How many retained messages were cleared because a re-org removed their log. */
  public long clearances() {
    return clearances.get();
  }

  public boolean isConnected() {
    return publisher.isConnected();
  }

  public int pending() {
    return publisher.pending();
  }

  private void publish(IntervalSettled settled, LogPosition position) {
    publisher.publishRetained(
        SettlementMessage.topic(settled.intervalId()), SettlementMessage.json(settled, position));
    publications.incrementAndGet();
    LOG.info(
        "interval {} settled at block {}: published to {}",
        settled.intervalId(),
        position.blockNumber(),
        SettlementMessage.topic(settled.intervalId()));
  }
}

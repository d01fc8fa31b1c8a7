package org.gridweave.besuplugin.core;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.gridweave.besuplugin.core.bridge.SettlementBridge;
import org.gridweave.besuplugin.core.index.LogPosition;
import org.gridweave.besuplugin.core.index.SettlementIndex;
import org.gridweave.besuplugin.core.index.SettlementLog;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.SettlementEvent;
import org.gridweave.settlement.SettlementEvents;
import org.gridweave.settlement.UndecodableEventException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the settlement contract's logs come in: each is decoded, applied to the {@link
 * SettlementIndex} and then handed to the {@link SettlementBridge} (so that whoever learns of a
 * settlement over MQTT finds it in {@code energy_getInterval}). A log that does not decode is
 * logged and counted, never applied. Thread-safe.
 */
public final class LogIntake {

  private static final Logger LOG = LoggerFactory.getLogger(LogIntake.class);

  private final SettlementIndex index;
  private final Optional<SettlementBridge> bridge;
  private final AtomicLong undecodable = new AtomicLong();

  public LogIntake(SettlementIndex index, Optional<SettlementBridge> bridge) {
    this.index = index;
    this.bridge = bridge;
  }

  /**
   * Takes one log of the contract.
   *
   * @param topics topic 0 (the event's signature hash) first
   * @param removed whether a re-org took the log back
   * @return the decoded log, or empty if it is none of the settlement events
   */
  public Optional<SettlementLog> accept(
      List<Hash32> topics, byte[] data, LogPosition position, boolean removed) {
    SettlementEvent event;
    try {
      event = SettlementEvents.decode(topics, data);
    } catch (UndecodableEventException e) {
      undecodable.incrementAndGet();
      LOG.warn("ignored a log of the settlement contract at {}: {}", position, e.getMessage());
      return Optional.empty();
    }
    SettlementLog log = new SettlementLog(event, position, removed);
    index.apply(log);
    bridge.ifPresent(b -> b.onLog(log));
    return Optional.of(log);
  }

  public SettlementIndex index() {
    return index;
  }

  public Optional<SettlementBridge> bridge() {
    return bridge;
  }

  /** How many logs did not decode as settlement events. */
  public long undecodable() {
    return undecodable.get();
  }
}

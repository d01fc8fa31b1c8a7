package org.gridweave.devstack.chain;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gridweave.besuplugin.core.LogIntake;
import org.gridweave.besuplugin.core.bridge.Publisher;
import org.gridweave.besuplugin.core.bridge.SettlementBridge;
import org.gridweave.besuplugin.core.index.SettlementIndex;
import org.gridweave.besuplugin.mqtt.PahoPublisher;
import org.gridweave.settlement.Account;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Besu plugin's chain → MQTT bridge on a dev chain: publishes each settled interval retained on
 * {@code gridweave/v1/settlement/{intervalId}}, as the plugin does on every Besu node of the grid.
 *
 * <p>It runs <b>the plugin's own core, unchanged</b>: {@link LogIntake} (decoding each log with the
 * settlement module's {@code SettlementEvents}), the {@link SettlementIndex}, the {@link
 * SettlementBridge} and the {@link PahoPublisher}, wired as the plugin's {@code
 * EnergyPlugin.start()} wires them. Only the log source differs: in Besu, the plugin's listener is
 * handed each new log by Besu's {@code BesuEvents}; here a {@link LogSource} is polled (JSON-RPC
 * {@code eth_getLogs} of the contract, from the block after the last one read, about every second).
 * Besu cannot run here, so the demo uses this to show the whole path chain → MQTT → meters on
 * Anvil.
 *
 * <p>Differences from the plugin that follow from polling:
 *
 * <ul>
 *   <li>It reads the contract's logs from block 0 when it starts (the plugin sees new blocks only),
 *       so a restarted bridge publishes every settled interval again: the same retained payload,
 *       which a meter records as a repeat.
 *   <li>{@code eth_getLogs} returns only the current chain's logs, so no removed (re-orged) log
 *       ever reaches the core; Anvil does not re-org on its own, nor does QBFT. A chain found
 *       behind the bridge (blocks lost, e.g. Anvil killed before it saved its state) is read again
 *       from block 0, with a warning: the core takes a log it already has as a no-op and the same
 *       payload is published again; what was already published stays published. Blocks lost and
 *       then outgrown between two polls go unnoticed (it compares block numbers, not hashes).
 *   <li>A log of another contract (the source filters by address; the bridge checks again) is
 *       counted and ignored, never handed to the core.
 * </ul>
 *
 * <p>Hiccups never stop it: while the chain does not answer, the bridge logs one warning, keeps its
 * place and asks again at the next poll (one info line when the chain is back); while the broker is
 * away the publisher keeps the announcements and sends them when it is back (the plugin's {@link
 * PahoPublisher} contract). Thread-safe.
 */
public final class DevChainBridge implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(DevChainBridge.class);

  /** How often the demo's bridge asks the chain for new logs. */
  public static final Duration POLL_EVERY = Duration.ofSeconds(1);

  /** The most blocks one {@code eth_getLogs} covers (Besu's default {@code rpc-max-logs-range}). */
  public static final int MAX_BLOCKS_PER_QUERY = 5_000;

  /** The publisher's pause between attempts to reach the broker, as the plugin's. */
  static final Duration MQTT_RETRY = Duration.ofSeconds(2);

  private final LogSource source;
  private final Account contract;
  private final Publisher publisher;
  private final LogIntake intake;
  private final AtomicLong foreignLogs = new AtomicLong();
  private final AtomicLong failedLogs = new AtomicLong();
  private ScheduledExecutorService poller; // guarded by this
  // Written under the lock by poll(); read without it, so a status line never waits for a poll.
  private volatile long nextBlock;
  private volatile boolean chainAnswering = true;
  private boolean closed; // guarded by this

  /**
   * A bridge that reads {@code contract}'s logs from {@code source}, starting at block 0, and
   * publishes through {@code publisher}; call {@link #poll()} or {@link #start(Duration)}. Closing
   * it closes both.
   */
  public DevChainBridge(LogSource source, Account contract, Publisher publisher) {
    if (source == null || contract == null || publisher == null) {
      throw new IllegalArgumentException(
          "a dev-chain bridge needs a log source, a contract and a" + " publisher");
    }
    this.source = source;
    this.contract = contract;
    this.publisher = publisher;
    // As EnergyPlugin.start(): new LogIntake(new SettlementIndex(),
    // publisher.map(SettlementBridge::new))
    this.intake =
        new LogIntake(new SettlementIndex(), Optional.of(new SettlementBridge(publisher)));
  }

  /**
   * Connects to the chain at {@code rpcUrl} and the broker at {@code broker} (both in the
   * background: neither needs to be up yet) and starts polling every {@link #POLL_EVERY}.
   *
   * @throws IllegalArgumentException if the URL or the broker URI is malformed
   */
  public static DevChainBridge start(String rpcUrl, Account contract, URI broker) {
    LogSource source = new JsonRpcLogSource(rpcUrl);
    Publisher publisher;
    try {
      publisher =
          PahoPublisher.start(
              broker, "gridweave-dev-chain-bridge-" + UUID.randomUUID(), MQTT_RETRY);
    } catch (IllegalArgumentException e) {
      source.close();
      throw e;
    }
    DevChainBridge bridge = new DevChainBridge(source, contract, publisher);
    bridge.start(POLL_EVERY);
    LOG.info("dev-chain bridge: {} on {} -> {}", contract.hex(), rpcUrl, broker);
    return bridge;
  }

  /** Polls every {@code every} on a daemon thread of its own, the first poll at once. */
  public synchronized void start(Duration every) {
    if (closed) {
      throw new IllegalStateException("the dev-chain bridge is closed");
    }
    if (poller != null) {
      throw new IllegalStateException("the dev-chain bridge is already polling");
    }
    if (every == null || every.isNegative() || every.isZero()) {
      throw new IllegalArgumentException("the poll period must be positive, got " + every);
    }
    poller =
        Executors.newSingleThreadScheduledExecutor(runnable -> {
          Thread thread = new Thread(runnable, "dev-chain-bridge");
          thread.setDaemon(true);
          return thread;
        });
    poller.scheduleWithFixedDelay(this::pollQuietly, 0, every.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * One poll: reads the logs of every block from the one after the last read up to the chain's head
   * (at most {@link #MAX_BLOCKS_PER_QUERY} blocks per request) and hands each of the contract's
   * logs to the plugin's core. Never throws: a chain that does not answer is logged, and the next
   * poll starts where this one stopped.
   *
   * @return how many logs the core took as settlement events
   */
  public synchronized int poll() {
    if (closed) {
      return 0;
    }
    long head;
    try {
      head = source.headBlock();
    } catch (RuntimeException e) {
      unanswered(e);
      return 0;
    }
    if (head + 1 < nextBlock) {
      LOG.warn(
          "the chain's head is block {} but the bridge had read up to block {}: the chain lost"
              + " blocks (or was reset); reading it again from block 0. Announcements already"
              + " published stay published",
          head,
          nextBlock - 1);
      nextBlock = 0;
    }
    int taken = 0;
    while (nextBlock <= head) {
      long to = Math.min(head, nextBlock + MAX_BLOCKS_PER_QUERY - 1);
      List<ChainLog> logs;
      try {
        logs = source.logs(contract, nextBlock, to);
      } catch (RuntimeException e) {
        unanswered(e);
        return taken;
      }
      for (ChainLog log : logs) {
        if (feed(log)) {
          taken++;
        }
      }
      nextBlock = to + 1;
    }
    answered();
    return taken;
  }

  /** The plugin's core as this bridge runs it: its index says what is settled. */
  public LogIntake intake() {
    return intake;
  }

  /** The contract whose logs are bridged. */
  public Account contract() {
    return contract;
  }

  /** The last block whose logs were read; -1 before the first. */
  public long readThrough() {
    return nextBlock - 1;
  }

  /** Whether the chain answered the last poll. */
  public boolean chainAnswering() {
    return chainAnswering;
  }

  /** Logs of other contracts that reached the bridge; ignored. */
  public long foreignLogs() {
    return foreignLogs.get();
  }

  /** Logs the core threw on; logged and skipped. */
  public long failedLogs() {
    return failedLogs.get();
  }

  /** How many announcements the plugin's bridge published (each re-publication counts). */
  public long published() {
    return intake.bridge().map(SettlementBridge::publications).orElse(0L);
  }

  /** Whether the publisher is connected to the broker right now. */
  public boolean brokerConnected() {
    return publisher.isConnected();
  }

  /** Announcements not yet acknowledged by the broker. */
  public int pendingPublications() {
    return publisher.pending();
  }

  /** Stops polling and closes the publisher (unsent announcements are dropped) and the source. */
  @Override
  public void close() {
    ScheduledExecutorService stopping;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      stopping = poller;
    }
    if (stopping != null) {
      stopping.shutdownNow();
    }
    publisher.close();
    source.close();
  }

  private boolean feed(ChainLog log) {
    if (!log.address().equals(contract)) {
      foreignLogs.incrementAndGet();
      LOG.debug("ignored a log of {} at {}: not {}", log.address(), log.position(), contract);
      return false;
    }
    try {
      return intake.accept(log.topics(), log.data(), log.position(), log.removed()).isPresent();
    } catch (RuntimeException e) {
      failedLogs.incrementAndGet();
      LOG.error("the plugin's core refused the log at {}; skipped", log.position(), e);
      return false;
    }
  }

  private void pollQuietly() {
    try {
      poll();
    } catch (RuntimeException | LinkageError e) {
      // poll() does not throw; a scheduled task that did would stop being run, silently.
      LOG.error("dev-chain bridge poll failed; polling on", e);
    }
  }

  private void unanswered(RuntimeException e) {
    if (chainAnswering) {
      LOG.warn(
          "the chain does not answer ({}); the bridge keeps its place (next block {}) and asks"
              + " again at every poll",
          e.getMessage(),
          nextBlock);
    } else {
      LOG.debug("the chain still does not answer: {}", e.getMessage());
    }
    chainAnswering = false;
  }

  private void answered() {
    if (!chainAnswering) {
      LOG.info("the chain answers again; read up to block {}", nextBlock - 1);
    }
    chainAnswering = true;
  }
}

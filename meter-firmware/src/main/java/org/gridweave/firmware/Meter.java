package org.gridweave.firmware;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.crypto.MeterPublicKey;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.protocol.Command;
import org.gridweave.core.protocol.CommandAck;
import org.gridweave.core.protocol.OrderMessage;
import org.gridweave.core.protocol.ProtocolException;
import org.gridweave.core.protocol.Sample;
import org.gridweave.core.protocol.TelemetryCodec;
import org.gridweave.core.protocol.TelemetryMessage;
import org.gridweave.core.protocol.Topic;
import org.gridweave.firmware.settlement.FinalisedInterval;
import org.gridweave.firmware.settlement.FinalisedIntervals;
import org.gridweave.firmware.site.CommandOutcome;
import org.gridweave.firmware.site.SiteDriver;
import org.gridweave.firmware.site.SiteState;
import org.gridweave.firmware.site.SiteStateFile;
import org.gridweave.firmware.spool.DiskSpool;
import org.gridweave.firmware.spool.SpooledMessage;
import org.gridweave.firmware.state.SequenceStore;

/**
 * The meter: reads its site driver every sample period, turns the samples of each message period
 * into a signed {@link TelemetryMessage} with the next sequence number, keeps it in the {@link
 * DiskSpool} until the broker acknowledges it, answers commands, and keeps track of the intervals
 * the chain has settled ({@link #settlements()}).
 *
 * <p>Delivery rules. A message produced while the transport is connected is published on {@code
 * telemetry}. Everything else still in the spool (produced offline, in flight when the connection
 * dropped, refused by the transport, or left from before a restart) goes out on {@code backfill} in
 * sequence order, at most {@link MeterSettings#backfillWindow()} at a time, while live publishing
 * continues. A message leaves the spool only on the broker's acknowledgement.
 *
 * <p>Durability. The state directory holds the spool, the sequence reservation and the driver's
 * state; the driver state is saved before each message is spooled, so energy counters never go
 * backwards across a restart.
 *
 * <p>Threading. {@link #sample()}, {@link #produceMessage()} and {@link #pump()} may be called by a
 * scheduler ({@link #start}) or directly by tests on a fake clock; transport callbacks may arrive
 * on any thread. The transport's lifecycle belongs to the caller.
 */
public final class Meter implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(Meter.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final MeterSettings settings;
  private final MeterKeyPair key;
  private final SiteDriver driver;
  private final Transport transport;
  private final Clock clock;
  private final ProducedLog producedLog;
  private final DiskSpool spool;
  private final SequenceStore sequences;
  private final SiteStateFile siteState;
  private final TelemetryCodec codec = new TelemetryCodec();
  private final Topic telemetry;
  private final Topic backfill;
  private final Topic ack;
  private final FinalisedIntervals settlements;

  private final Object driverLock = new Object();
  private final Object produceLock = new Object();
  private final List<Sample> buffer = new ArrayList<>();

  /** The newest sample's time (guarded by {@code driverLock}). */
  private Instant lastSampled;

  private final ConcurrentHashMap<Long, Flight> inFlight = new ConcurrentHashMap<>();
  private final AtomicLong liveSent = new AtomicLong();
  private final AtomicLong backfillSent = new AtomicLong();
  private final List<ScheduledFuture<?>> tasks = new ArrayList<>();
  private volatile boolean closed;

  /** One publish attempt; identity tells a stale callback from the current attempt. */
  private static final class Flight {
    final boolean backfill;

    Flight(boolean backfill) {
      this.backfill = backfill;
    }
  }

  /**
   * Opens a meter on its state directory, restoring the driver's saved state and the spool.
   *
   * @param stateDir the meter's own directory; created if absent
   */
  public Meter(
      MeterSettings settings,
      MeterKeyPair key,
      SiteDriver driver,
      Transport transport,
      Path stateDir,
      Clock clock,
      ProducedLog producedLog) {
    this.settings = settings;
    this.key = key;
    this.driver = driver;
    this.transport = transport;
    this.clock = clock;
    this.producedLog = producedLog == null ? ProducedLog.NONE : producedLog;
    this.siteState = new SiteStateFile(stateDir, settings.fsync());
    this.siteState.load().ifPresent(driver::restore);
    this.sequences = SequenceStore.open(stateDir);
    this.spool =
        DiskSpool.open(
            stateDir.resolve("spool"), settings.fsync(), DiskSpool.DEFAULT_SEGMENT_BYTES);
    Topic base = Topic.of(settings.site(), settings.meter(), Topic.Kind.TELEMETRY);
    this.telemetry = base;
    this.backfill = base.withKind(Topic.Kind.BACKFILL);
    this.ack = base.withKind(Topic.Kind.ACK);
    if (spool.pendingCount() > 0) {
      LOG.log(
          Level.INFO,
          "meter {0}: {1} message(s) from before the restart wait in the spool for backfill",
          settings.meter(),
          spool.pendingCount());
    }
    transport.setConnectionListener(
        new Transport.ConnectionListener() {
          @Override
          public void connected() {
            LOG.log(Level.DEBUG, "meter {0}: connected", settings.meter());
          }

          @Override
          public void connectionLost(Throwable cause) {
            // whatever was in flight may never be acknowledged now: backfill takes it over
            inFlight.clear();
          }
        });
    transport.subscribe(base.withKind(Topic.Kind.CMD), 1, this::onCommand);
    transport.subscribe(base.withKind(Topic.Kind.REJECTED), 1, this::onRejected);
    this.settlements =
        new FinalisedIntervals("meter " + settings.meter(), FinalisedIntervals.DEFAULT_CAPACITY);
    transport.subscribeFilter(FinalisedInterval.TOPIC_FILTER, 1, settlements::accept);
  }

  /** Schedules sampling, message production and backfill on {@code scheduler}. */
  public synchronized void start(ScheduledExecutorService scheduler) {
    long sampleMs = settings.samplePeriod().toMillis();
    long messageMs = settings.messagePeriod().toMillis();
    tasks.add(
        scheduler.scheduleAtFixedRate(guarded(this::sample), 0, sampleMs, TimeUnit.MILLISECONDS));
    tasks.add(
        scheduler.scheduleAtFixedRate(
            guarded(this::produceMessage), messageMs, messageMs, TimeUnit.MILLISECONDS));
    long pumpMs = settings.pumpPeriod().toMillis();
    tasks.add(
        scheduler.scheduleWithFixedDelay(
            guarded(this::pump), pumpMs, pumpMs, TimeUnit.MILLISECONDS));
  }

  private Runnable guarded(Runnable task) {
    return () -> {
      if (closed) {
        return;
      }
      try {
        task.run();
      } catch (RuntimeException e) {
        // a scheduled task that throws is never run again: log and keep the meter alive
        LOG.log(Level.ERROR, "meter " + settings.meter() + ": " + e.getMessage(), e);
      }
    };
  }

  /** Reads the driver once; produces a message early when the buffer reaches the protocol limit. */
  public void sample() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    boolean full;
    synchronized (driverLock) {
      // never two samples at one instant, also across a message boundary (the buffer is empty
      // right after a message): a late scheduler runs its missed samples back to back
      if (lastSampled != null && !now.isAfter(lastSampled)) {
        return;
      }
      lastSampled = now;
      buffer.add(driver.read(now));
      full = buffer.size() >= TelemetryMessage.MAX_SAMPLES;
    }
    if (full) {
      produceMessage();
    }
  }

  /**
   * Turns the buffered samples into a signed message: reserves its sequence number, saves the
   * driver state, appends it to the spool, tells the {@link ProducedLog}, and publishes it live
   * when connected.
   *
   * @return the produced message, or empty when no sample was buffered
   */
  public Optional<ProducedMessage> produceMessage() {
    synchronized (produceLock) {
      List<Sample> samples;
      SiteState state;
      synchronized (driverLock) {
        if (buffer.isEmpty()) {
          return Optional.empty();
        }
        samples = List.copyOf(buffer);
        buffer.clear();
        state = driver.state();
      }
      long seq = sequences.next();
      TelemetryMessage message =
          TelemetryMessage.unsigned(
                  settings.meter(), settings.site(), seq, settings.firmware(), samples)
              .signedWith(key);
      byte[] payload = codec.encode(message);
      siteState.save(state);
      spool.append(seq, payload);
      ProducedMessage produced =
          new ProducedMessage(settings.meter(), seq, samples.stream().map(Sample::time).toList());
      producedLog.produced(produced);
      if (transport.isConnected() && !closed) {
        publish(seq, payload, false);
      }
      return Optional.of(produced);
    }
  }

  /**
   * Sends spooled messages that are not in flight on {@code backfill}, oldest first, up to the
   * backfill window. Does nothing while disconnected.
   */
  public void pump() {
    if (!transport.isConnected() || closed) {
      return;
    }
    long backfillInFlight = inFlight.values().stream().filter(f -> f.backfill).count();
    int room = (int) (settings.backfillWindow() - backfillInFlight);
    if (room <= 0) {
      return;
    }
    List<SpooledMessage> due = spool.pending(room, seq -> !inFlight.containsKey(seq));
    for (SpooledMessage m : due) {
      if (!transport.isConnected()) {
        return;
      }
      publish(m.sequence(), m.payload(), true);
    }
  }

  private void publish(long seq, byte[] payload, boolean isBackfill) {
    Flight flight = new Flight(isBackfill);
    if (inFlight.putIfAbsent(seq, flight) != null) {
      return;
    }
    (isBackfill ? backfillSent : liveSent).incrementAndGet();
    transport.publish(
        isBackfill ? backfill : telemetry,
        payload,
        1,
        false,
        new Transport.PublishCallback() {
          @Override
          public void acknowledged() {
            spool.acknowledge(seq);
            inFlight.remove(seq, flight);
          }

          @Override
          public void failed(Throwable cause) {
            inFlight.remove(seq, flight);
            LOG.log(
                Level.DEBUG,
                "meter {0}: message {1} not delivered ({2}); it stays in the spool for backfill",
                settings.meter(),
                seq,
                cause.getMessage());
          }
        });
  }

  /** Handles one payload from the {@code cmd} topic; answers on {@code ack}; never throws. */
  public void onCommand(byte[] payload) {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    Command command;
    try {
      command = Command.decode(payload);
    } catch (ProtocolException e) {
      Optional<String> id = readableId(payload);
      if (id.isPresent()) {
        answer(id.get(), CommandAck.Status.REJECTED, "command refused: " + e.getMessage(), now);
      } else {
        LOG.log(
            Level.WARNING,
            "meter {0}: ignoring a command without a readable id: {1}",
            settings.meter(),
            e.getMessage());
      }
      return;
    }
    if (!command.meter().equals(settings.meter())) {
      answer(
          command.id(),
          CommandAck.Status.REJECTED,
          "command is addressed to meter " + command.meter() + ", this is " + settings.meter(),
          now);
      return;
    }
    if (!now.isBefore(command.expiresAt())) {
      answer(
          command.id(),
          CommandAck.Status.EXPIRED,
          "command expired at " + command.expiresAt() + " before it arrived at " + now,
          now);
      return;
    }
    Optional<String> violation = CommandPolicy.violation(command, driver.ratings());
    if (violation.isPresent()) {
      answer(command.id(), CommandAck.Status.REJECTED, violation.get(), now);
      return;
    }
    CommandOutcome outcome;
    SiteState state;
    synchronized (driverLock) {
      outcome = driver.apply(command);
      state = driver.state();
    }
    if (outcome.applied()) {
      siteState.save(state);
    }
    answer(
        command.id(),
        outcome.applied() ? CommandAck.Status.APPLIED : CommandAck.Status.REJECTED,
        outcome.detail(),
        now);
  }

  private static Optional<String> readableId(byte[] payload) {
    try {
      JsonNode node = JSON.readTree(payload);
      JsonNode id = node == null ? null : node.get("id");
      if (id != null && id.isTextual() && MeterId.isValid(id.asText())) {
        return Optional.of(id.asText());
      }
    } catch (IOException e) {
      // not JSON at all: there is no id to answer to
    }
    return Optional.empty();
  }

  private void answer(String commandId, CommandAck.Status status, String detail, Instant now) {
    CommandAck answer = new CommandAck(commandId, settings.meter(), status, detail, now);
    LOG.log(
        Level.INFO, "meter {0}: command {1} {2}: {3}", settings.meter(), commandId, status, detail);
    transport.publish(
        ack,
        answer.encode(),
        1,
        false,
        new Transport.PublishCallback() {
          @Override
          public void acknowledged() {}

          @Override
          public void failed(Throwable cause) {
            LOG.log(
                Level.WARNING,
                "meter {0}: could not send the answer to command {1}: {2}",
                settings.meter(),
                commandId,
                cause.getMessage());
          }
        });
  }

  private void onRejected(byte[] payload) {
    LOG.log(
        Level.WARNING,
        "meter {0}: the gateway rejected a message: {1}",
        settings.meter(),
        new String(payload, java.nio.charset.StandardCharsets.UTF_8));
  }

  /**
   * Sends a market order of this meter (#5): signs it with the meter's key and publishes it on the
   * {@code order} topic at QoS 1. The future completes when the broker has taken the order, or
   * fails when it cannot be sent (not connected, or the broker refused it); orders are not spooled:
   * an order sent after its gate has closed is worthless, so the prosumer decides whether to retry.
   * The controller's answer is the order appearing in (or missing from) its book ({@code GET
   * /market/orders}).
   *
   * @throws IllegalArgumentException if the order names another meter or site
   */
  public java.util.concurrent.CompletableFuture<Void> sendOrder(OrderMessage order) {
    if (!order.meter().equals(settings.meter()) || !order.site().equals(settings.site())) {
      throw new IllegalArgumentException(
          "order "
              + order.id()
              + " names meter "
              + order.meter()
              + " at site "
              + order.site()
              + "; this is meter "
              + settings.meter()
              + " at site "
              + settings.site());
    }
    java.util.concurrent.CompletableFuture<Void> done =
        new java.util.concurrent.CompletableFuture<>();
    if (!transport.isConnected()) {
      done.completeExceptionally(
          new IllegalStateException(
              "not connected to the broker; order " + order.id() + " not sent"));
      return done;
    }
    transport.publish(
        telemetry.withKind(Topic.Kind.ORDER),
        order.signedWith(key).encode(),
        1,
        false,
        new Transport.PublishCallback() {
          @Override
          public void acknowledged() {
            done.complete(null);
          }

          @Override
          public void failed(Throwable cause) {
            done.completeExceptionally(cause);
          }
        });
    return done;
  }

  public MeterId id() {
    return settings.meter();
  }

  public SiteId site() {
    return settings.site();
  }

  public MeterPublicKey publicKey() {
    return key.publicKey();
  }

  /** The settled intervals this meter has heard of on {@code gridweave/v1/settlement/+} (#6). */
  public FinalisedIntervals settlements() {
    return settlements;
  }

  public SiteDriver driver() {
    return driver;
  }

  public MeterSettings settings() {
    return settings;
  }

  /** Messages in the spool not yet acknowledged by the broker. */
  public int pendingCount() {
    return spool.pendingCount();
  }

  /** The sequence number the next message will get. */
  public long nextSequence() {
    synchronized (produceLock) {
      return sequences.peek();
    }
  }

  /** How many publishes went out live and as backfill since this meter was opened. */
  public long liveSent() {
    return liveSent.get();
  }

  public long backfillSent() {
    return backfillSent.get();
  }

  /**
   * Stops the schedule, turns buffered samples into a last (spooled) message, and closes the spool
   * and state files. Messages still unacknowledged are sent on backfill after the next start.
   */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      tasks.forEach(t -> t.cancel(false));
      tasks.clear();
    }
    synchronized (produceLock) {
      closed = true;
      produceMessage();
      SiteState state;
      synchronized (driverLock) {
        state = driver.state();
      }
      siteState.save(state);
      sequences.close();
      spool.close();
    }
  }
}

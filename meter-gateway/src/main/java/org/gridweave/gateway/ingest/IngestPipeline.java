package org.gridweave.gateway.ingest;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ingest path: queues inbound messages, checks them in batches (signatures on several threads,
 * counters in order), stores each batch in one transaction and only then settles (acknowledges) its
 * messages, in arrival order. While batch N commits, batch N+1 is being checked, so batches grow
 * with the load. A failed store is retried with back-off until it succeeds: nothing is settled, so
 * nothing is lost, while the database is away.
 *
 * <p>Threading: {@link #submit} from any thread; one internal thread runs the loop.
 */
public final class IngestPipeline implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(IngestPipeline.class.getName());
  private static final int CHUNK = 64;

  private final TelemetryValidator validator;
  private final CounterGuard guard = new CounterGuard();
  private final TelemetryStore store;
  private final RejectionNotices notices;
  private final IngestMetrics metrics;
  private final Clock clock;
  private final IngestSettings settings;
  private final ExecutorService checkers;
  private final BlockingQueue<Inbound> queue = new LinkedBlockingQueue<>();
  private final AtomicLong inFlight = new AtomicLong();
  private final Thread loop;
  private volatile boolean running = true;
  private volatile boolean storeHealthy = true;

  public IngestPipeline(
      TelemetryValidator validator,
      TelemetryStore store,
      RejectionNotices notices,
      IngestMetrics metrics,
      Clock clock,
      IngestSettings settings,
      ExecutorService checkers) {
    this.validator = validator;
    this.store = store;
    this.notices = notices;
    this.metrics = metrics;
    this.clock = clock;
    this.settings = settings;
    this.checkers = checkers;
    this.loop = Thread.ofPlatform().name("gridweave-ingest").daemon().unstarted(this::run);
  }

  public IngestPipeline start() {
    loop.start();
    return this;
  }

  public void submit(Inbound in) {
    inFlight.incrementAndGet();
    queue.add(in);
  }

  /** Messages received and not yet settled. */
  public long pending() {
    return inFlight.get();
  }

  /** False while the last attempt to store a batch failed. */
  public boolean storeHealthy() {
    return storeHealthy;
  }

  private void run() {
    CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
    List<Inbound> drained = new ArrayList<>();
    while (running || !queue.isEmpty()) {
      try {
        Inbound first = queue.poll(50, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        drained.clear();
        drained.add(first);
        queue.drainTo(drained, settings.maxBatchMessages() - 1);
        List<Verdict> verdicts = checkAll(drained);
        previous.join();
        previous = commit(verdicts);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (RuntimeException e) {
        LOG.log(Level.SEVERE, "ingest loop error; the batch stays unacknowledged", e);
      }
    }
    previous.join();
  }

  private List<Verdict> checkAll(List<Inbound> batch) {
    List<CompletableFuture<List<Verdict>>> parts = new ArrayList<>();
    for (int from = 0; from < batch.size(); from += CHUNK) {
      List<Inbound> chunk = List.copyOf(batch.subList(from, Math.min(batch.size(), from + CHUNK)));
      parts.add(
          CompletableFuture.supplyAsync(
              () -> {
                List<Verdict> out = new ArrayList<>(chunk.size());
                for (Inbound in : chunk) {
                  out.add(validator.check(in));
                }
                return out;
              },
              checkers));
    }
    List<Verdict> verdicts = new ArrayList<>(batch.size());
    for (CompletableFuture<List<Verdict>> p : parts) {
      for (Verdict v : p.join()) {
        verdicts.add(v.isAccepted() ? guard(v) : v);
      }
    }
    return verdicts;
  }

  private Verdict guard(Verdict v) {
    String backwards = guard.check(v.accepted().message());
    if (backwards == null) {
      return v;
    }
    var m = v.accepted().message();
    return TelemetryValidator.reject(
        v.inbound(),
        m.meter(),
        m.sequence(),
        org.gridweave.core.protocol.RejectReason.COUNTER_BACKWARDS,
        backwards);
  }

  private CompletableFuture<Void> commit(List<Verdict> verdicts) {
    List<AcceptedMessage> accepted = new ArrayList<>();
    List<RejectedMessage> rejected = new ArrayList<>();
    for (Verdict v : verdicts) {
      if (v.isAccepted()) {
        accepted.add(v.accepted());
      } else {
        rejected.add(v.rejected());
      }
    }
    Batch batch = new Batch(accepted, rejected, settings.intervalLength());
    long started = System.nanoTime();
    // storeUntilCommitted retries until the commit succeeds, so this future never fails.
    return storeUntilCommitted(batch, Duration.ofMillis(50))
        .thenAccept(outcome -> afterCommit(verdicts, accepted, rejected, outcome, started));
  }

  /**
   * Settles every message of a committed batch, then reports. Each step is guarded on its own: a
   * failing notice or metric must neither leave messages unsettled nor stop the loop.
   */
  private void afterCommit(
      List<Verdict> verdicts,
      List<AcceptedMessage> accepted,
      List<RejectedMessage> rejected,
      StoreOutcome outcome,
      long started) {
    for (Verdict v : verdicts) {
      guarded("settling a message", () -> v.inbound().settle().run());
      inFlight.decrementAndGet();
    }
    guarded(
        "recording metrics",
        () -> {
          metrics.batch(verdicts.size(), (System.nanoTime() - started) / 1e9);
          metrics.accepted(outcome.storedMessages(), outcome.storedSamples());
          long now = clock.millis();
          for (AcceptedMessage a : accepted) {
            if (a.stream() == Stream.LIVE && !outcome.duplicates().contains(a)) {
              metrics.lag((now - a.message().last().time().toEpochMilli()) / 1000.0);
            }
          }
        });
    for (RejectedMessage r : rejected) {
      guarded("publishing a rejection notice", () -> notices.publish(r));
      guarded("recording metrics", () -> metrics.rejected(r.reason()));
    }
    for (AcceptedMessage d : outcome.duplicates()) {
      guarded("publishing a rejection notice", () -> notices.publish(ReplayedSequence.of(d)));
      guarded(
          "recording metrics",
          () -> metrics.rejected(org.gridweave.core.protocol.RejectReason.REPLAYED_SEQUENCE));
    }
  }

  private static void guarded(String what, Runnable step) {
    try {
      step.run();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, what + " failed after the commit; ingest goes on", e);
    }
  }

  private CompletableFuture<StoreOutcome> storeUntilCommitted(Batch batch, Duration backoff) {
    CompletableFuture<StoreOutcome> attempt;
    try {
      attempt = store.store(batch).toCompletableFuture();
    } catch (RuntimeException e) {
      attempt = CompletableFuture.failedFuture(e);
    }
    return attempt
        .thenApply(o -> {
          storeHealthy = true;
          return o;
        })
        .exceptionallyCompose(e -> {
          storeHealthy = false;
          LOG.log(
              Level.WARNING,
              "storing a batch of {0} messages failed ({1}); retrying in {2} ms",
              new Object[] {
                batch.accepted().size() + batch.rejected().size(),
                e.getMessage(),
                backoff.toMillis()
              });
          Duration next = backoff.multipliedBy(2);
          if (next.compareTo(settings.maxRetryBackoff()) > 0) {
            next = settings.maxRetryBackoff();
          }
          Duration after = next;
          return CompletableFuture.supplyAsync(
                  () -> null,
                  CompletableFuture.delayedExecutor(backoff.toMillis(), TimeUnit.MILLISECONDS))
              .thenCompose(x -> storeUntilCommitted(batch, after));
        });
  }

  @Override
  public void close() {
    running = false;
    try {
      loop.join(Duration.ofSeconds(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}

package org.gridweave.gateway.ingest;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.gridweave.core.id.MeterId;

/**
 * An in-memory {@link TelemetryStore} that behaves like the real one where the pipeline can tell:
 * it drops accepted messages whose (meter, sequence) it already holds and reports them as
 * duplicates, and a batch is all or nothing. Tests can make it fail the next calls, or hold commits
 * until they release them. Thread-safe.
 */
final class FakeTelemetryStore implements TelemetryStore {
  private record Key(MeterId meter, long sequence) {}

  private record Held(Batch batch, CompletableFuture<StoreOutcome> future) {}

  private final Set<Key> stored = new HashSet<>();
  private final List<AcceptedMessage> storedMessages = new ArrayList<>();
  private final List<RejectedMessage> rejections = new ArrayList<>();
  private final List<Batch> committedBatches = new ArrayList<>();
  private final Queue<Held> held = new ArrayDeque<>();
  private int attempts;
  private int failuresToCome;
  private boolean holding;

  /** The next {@code calls} calls to {@link #store} fail without storing anything. */
  synchronized FakeTelemetryStore failNext(int calls) {
    failuresToCome = calls;
    return this;
  }

  /** The database is back: no further call fails. */
  synchronized void recover() {
    failuresToCome = 0;
  }

  /** From now on, batches commit only when the test calls {@link #commitHeld()}. */
  synchronized FakeTelemetryStore holdCommits() {
    holding = true;
    return this;
  }

  /** Commits every held batch, in the order they arrived, and stops holding. */
  void commitHeld() {
    List<Held> release;
    synchronized (this) {
      holding = false;
      release = new ArrayList<>(held);
      held.clear();
    }
    for (Held h : release) {
      h.future().complete(apply(h.batch()));
    }
  }

  /** Pretends an earlier run already stored this (meter, sequence). */
  synchronized FakeTelemetryStore alreadyHolds(MeterId meter, long sequence) {
    stored.add(new Key(meter, sequence));
    return this;
  }

  @Override
  public CompletionStage<StoreOutcome> store(Batch batch) {
    synchronized (this) {
      attempts++;
      if (failuresToCome > 0) {
        failuresToCome--;
        return CompletableFuture.failedFuture(
            new IllegalStateException("database unavailable (fake)"));
      }
      if (holding) {
        CompletableFuture<StoreOutcome> future = new CompletableFuture<>();
        held.add(new Held(batch, future));
        return future;
      }
    }
    return CompletableFuture.completedFuture(apply(batch));
  }

  private synchronized StoreOutcome apply(Batch batch) {
    List<AcceptedMessage> duplicates = new ArrayList<>();
    int samples = 0;
    for (AcceptedMessage a : batch.accepted()) {
      if (stored.add(new Key(a.message().meter(), a.message().sequence()))) {
        storedMessages.add(a);
        samples += a.message().samples().size();
      } else {
        duplicates.add(a);
        rejections.add(ReplayedSequence.of(a));
      }
    }
    rejections.addAll(batch.rejected());
    committedBatches.add(batch);
    return new StoreOutcome(batch.accepted().size() - duplicates.size(), samples, duplicates);
  }

  synchronized int attempts() {
    return attempts;
  }

  synchronized int heldCommits() {
    return held.size();
  }

  synchronized List<Batch> committedBatches() {
    return List.copyOf(committedBatches);
  }

  /** Accepted messages stored once each, in commit order; duplicates are not among them. */
  synchronized List<AcceptedMessage> storedMessages() {
    return List.copyOf(storedMessages);
  }

  /** Rejections in the dead-letter table, including REPLAYED_SEQUENCE for duplicates. */
  synchronized List<RejectedMessage> rejections() {
    return List.copyOf(rejections);
  }

  synchronized boolean holds(MeterId meter, long sequence) {
    return stored.contains(new Key(meter, sequence));
  }
}

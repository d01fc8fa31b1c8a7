package org.gridweave.gateway.ingest;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridweave.core.protocol.RejectReason;

/** Records the notices the pipeline publishes; can be told to fail, as a broker that is away. */
final class FakeRejectionNotices implements RejectionNotices {
  private final List<RejectedMessage> published = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresToCome = new AtomicInteger();

  /** The next {@code calls} calls to {@link #publish} throw instead of publishing. */
  FakeRejectionNotices failNext(int calls) {
    failuresToCome.set(calls);
    return this;
  }

  @Override
  public void publish(RejectedMessage rejection) {
    if (failuresToCome.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      throw new IllegalStateException("broker unavailable (fake)");
    }
    published.add(rejection);
  }

  List<RejectedMessage> published() {
    return List.copyOf(published);
  }

  List<RejectReason> reasons() {
    return published.stream().map(RejectedMessage::reason).toList();
  }
}

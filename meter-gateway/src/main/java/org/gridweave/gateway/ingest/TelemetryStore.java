package org.gridweave.gateway.ingest;

import java.util.concurrent.CompletionStage;

/**
 * Durable storage for telemetry. {@link #store} writes a whole {@link Batch} in one transaction:
 * new messages and their readings, the interval roll-up, and rejections (including a
 * REPLAYED_SEQUENCE rejection for each message already stored). The stage completes only after the
 * commit; it fails when nothing was committed.
 */
public interface TelemetryStore {
  CompletionStage<StoreOutcome> store(Batch batch);
}

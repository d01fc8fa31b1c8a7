package org.gridweave.gateway.ingest;

import java.time.Duration;

/**
 * How the pipeline batches.
 *
 * @param maxBatchMessages the most messages stored in one transaction
 * @param intervalLength the interval roll-up length (15 minutes by default)
 * @param maxRetryBackoff the longest pause between attempts to store a batch while the database is
 *     unavailable
 */
public record IngestSettings(
    int maxBatchMessages, Duration intervalLength, Duration maxRetryBackoff) {
  public static final IngestSettings DEFAULT =
      new IngestSettings(2000, Duration.ofMinutes(15), Duration.ofSeconds(5));
}

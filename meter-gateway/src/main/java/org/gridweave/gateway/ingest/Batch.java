package org.gridweave.gateway.ingest;

import java.time.Duration;
import java.util.List;

/**
 * What one database transaction stores: accepted messages (the store drops those whose (meter,
 * sequence) is already stored) and rejections.
 *
 * @param intervalLength the length of the interval roll-up
 */
public record Batch(
    List<AcceptedMessage> accepted, List<RejectedMessage> rejected, Duration intervalLength) {}

package org.gridweave.gateway.ingest;

import java.time.Duration;

/**
 * Limits the gateway applies beyond the protocol's own rules.
 *
 * @param maxPayloadBytes larger payloads are refused unread
 * @param maxFutureSkew how far a sample may lie ahead of the gateway's clock
 * @param maxAge how old a sample may be (backfill from a long outage included)
 */
public record ValidationRules(int maxPayloadBytes, Duration maxFutureSkew, Duration maxAge) {
  public static final ValidationRules DEFAULT =
      new ValidationRules(64 * 1024, Duration.ofMinutes(2), Duration.ofDays(30));
}

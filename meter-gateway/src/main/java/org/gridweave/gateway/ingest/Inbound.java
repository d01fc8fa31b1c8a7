package org.gridweave.gateway.ingest;

import java.time.Instant;

/**
 * A message as it came off the broker, before any validation.
 *
 * @param topic the concrete topic it was published on
 * @param payload the raw payload
 * @param receivedAt when the gateway received it
 * @param settle called exactly once, after the message's fate (stored or rejected) is committed;
 *     the MQTT adapter acknowledges the message to the broker there
 */
public record Inbound(String topic, byte[] payload, Instant receivedAt, Runnable settle) {}

package org.gridweave.gateway.ingest;

import java.time.Instant;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.protocol.RejectReason;

/**
 * A refused message, bound for the dead-letter table and the meter's {@code rejected} topic.
 *
 * @param meter the meter named by the topic, or null when the topic names none
 * @param sequence the message's sequence number, or -1 when unknown
 * @param payloadPrefix the first bytes of the payload, kept for diagnosis
 */
public record RejectedMessage(
    String topic,
    MeterId meter,
    long sequence,
    RejectReason reason,
    String explanation,
    Instant receivedAt,
    byte[] payloadPrefix) {}

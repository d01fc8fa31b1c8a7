package org.gridweave.gateway.ingest;

import java.time.Instant;
import org.gridweave.core.protocol.TelemetryMessage;

/** A message that passed every check and is ready to be stored. */
public record AcceptedMessage(
    TelemetryMessage message, Stream stream, String topic, Instant receivedAt) {}

package org.gridweave.gateway.ingest;

import org.gridweave.core.protocol.RejectReason;
import org.gridweave.core.protocol.TelemetryCodec;

/** The rejection recorded for a message whose (meter, sequence) was already stored. */
public final class ReplayedSequence {
  private ReplayedSequence() {}

  public static RejectedMessage of(AcceptedMessage duplicate) {
    var m = duplicate.message();
    byte[] payload = new TelemetryCodec().encode(m);
    byte[] prefix = java.util.Arrays.copyOf(payload, Math.min(payload.length, 2048));
    return new RejectedMessage(
        duplicate.topic(),
        m.meter(),
        m.sequence(),
        RejectReason.REPLAYED_SEQUENCE,
        "sequence "
            + m.sequence()
            + " of meter "
            + m.meter()
            + " was already accepted; this copy was ignored",
        duplicate.receivedAt(),
        prefix);
  }
}

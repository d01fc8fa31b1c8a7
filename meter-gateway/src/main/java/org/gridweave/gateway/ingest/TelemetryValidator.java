package org.gridweave.gateway.ingest;

import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.ProtocolException;
import org.gridweave.core.protocol.RejectReason;
import org.gridweave.core.protocol.Sample;
import org.gridweave.core.protocol.TelemetryCodec;
import org.gridweave.core.protocol.TelemetryMessage;
import org.gridweave.core.protocol.Topic;
import org.gridweave.gateway.registry.MeterDirectory;
import org.gridweave.gateway.registry.MeterRegistration;

/**
 * The stateless checks of one inbound telemetry message: topic, decoding, registry, signature,
 * physical ranges and timestamp skew. Stateless, so batches are checked on several threads; the
 * per-meter counter checks follow in {@link CounterGuard}. Thread-safe.
 */
public final class TelemetryValidator {
  private static final int KEPT_PAYLOAD_BYTES = 2048;
  private final MeterDirectory directory;
  private final TelemetryCodec codec;
  private final Clock clock;
  private final ValidationRules rules;

  public TelemetryValidator(MeterDirectory directory, Clock clock, ValidationRules rules) {
    this.directory = directory;
    this.codec = new TelemetryCodec(rules.maxPayloadBytes());
    this.clock = clock;
    this.rules = rules;
  }

  public Verdict check(Inbound in) {
    Topic topic;
    try {
      topic = Topic.parse(in.topic());
    } catch (ProtocolException e) {
      return reject(in, null, -1, e.reason(), e.getMessage());
    }
    if (topic.kind() != Topic.Kind.TELEMETRY && topic.kind() != Topic.Kind.BACKFILL) {
      return reject(
          in,
          topic.meter(),
          -1,
          RejectReason.INVALID_TOPIC,
          "telemetry is not accepted on " + topic);
    }
    TelemetryMessage m;
    try {
      m = codec.decode(in.payload());
    } catch (ProtocolException e) {
      return reject(in, topic.meter(), -1, e.reason(), e.getMessage());
    }
    long seq = m.sequence();
    if (!m.meter().equals(topic.meter()) || !m.site().equals(topic.site())) {
      return reject(
          in,
          topic.meter(),
          seq,
          RejectReason.TOPIC_MISMATCH,
          "payload is from meter "
              + m.meter()
              + " at site "
              + m.site()
              + " but was published on "
              + topic);
    }
    Optional<MeterRegistration> registration = directory.find(m.meter());
    if (registration.isEmpty()) {
      return reject(
          in,
          m.meter(),
          seq,
          RejectReason.UNKNOWN_METER,
          "meter " + m.meter() + " is not registered");
    }
    MeterRegistration r = registration.get();
    if (r.isRevoked()) {
      return reject(
          in,
          m.meter(),
          seq,
          RejectReason.REVOKED_METER,
          "meter " + m.meter() + " was revoked at " + r.revokedAt().get());
    }
    if (!r.site().equals(m.site())) {
      return reject(
          in,
          m.meter(),
          seq,
          RejectReason.SITE_MISMATCH,
          "meter " + m.meter() + " is registered at site " + r.site() + ", not " + m.site());
    }
    if (!m.isSignedBy(r.publicKey())) {
      return reject(
          in,
          m.meter(),
          seq,
          RejectReason.BAD_SIGNATURE,
          "signature does not verify with the registered key of meter " + m.meter());
    }
    String range = outOfRange(m);
    if (range != null) {
      return reject(in, m.meter(), seq, RejectReason.OUT_OF_RANGE, range);
    }
    Instant now = clock.instant();
    Instant latest = m.last().time();
    if (latest.isAfter(now.plus(rules.maxFutureSkew()))) {
      return reject(
          in,
          m.meter(),
          seq,
          RejectReason.TIMESTAMP_IN_FUTURE,
          "sample at " + latest + " is more than " + rules.maxFutureSkew() + " ahead of " + now);
    }
    Instant earliest = m.first().time();
    if (earliest.isBefore(now.minus(rules.maxAge()))) {
      return reject(
          in,
          m.meter(),
          seq,
          RejectReason.TIMESTAMP_TOO_OLD,
          "sample at " + earliest + " is older than the accepted " + rules.maxAge());
    }
    String backwards = CounterGuard.backwardsWithin(m);
    if (backwards != null) {
      return reject(in, m.meter(), seq, RejectReason.COUNTER_BACKWARDS, backwards);
    }
    Stream stream = topic.kind() == Topic.Kind.BACKFILL ? Stream.BACKFILL : Stream.LIVE;
    return Verdict.accept(in, new AcceptedMessage(m, stream, in.topic(), in.receivedAt()));
  }

  private static String outOfRange(TelemetryMessage m) {
    for (int i = 0; i < m.samples().size(); i++) {
      Sample s = m.samples().get(i);
      for (Measurement x : Measurement.values()) {
        if (s.has(x) && (s.value(x) < x.min() || s.value(x) > x.max())) {
          return "samples["
              + i
              + "]."
              + x.field()
              + " = "
              + s.value(x)
              + " "
              + x.unit().symbol()
              + " lies outside ["
              + x.min()
              + ", "
              + x.max()
              + "]";
        }
      }
    }
    return null;
  }

  static Verdict reject(Inbound in, MeterId meter, long seq, RejectReason reason, String text) {
    byte[] payload = in.payload();
    byte[] prefix = Arrays.copyOf(payload, Math.min(payload.length, KEPT_PAYLOAD_BYTES));
    return Verdict.reject(
        in, new RejectedMessage(in.topic(), meter, seq, reason, text, in.receivedAt(), prefix));
  }
}

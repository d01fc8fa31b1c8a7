package org.gridweave.gateway.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.Sample;
import org.gridweave.core.protocol.TelemetryCodec;
import org.gridweave.core.protocol.TelemetryMessage;
import org.gridweave.core.protocol.Topic;
import org.gridweave.gateway.registry.MeterRegistration;
import org.gridweave.gateway.registry.SiteRatings;

/** Meters with reproducible keys, their registrations and the messages they publish. */
final class TestFleet {
  static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  static final SiteId SITE = SiteId.of("site-1");
  static final SiteId OTHER_SITE = SiteId.of("site-2");
  private static final TelemetryCodec CODEC = new TelemetryCodec();

  private TestFleet() {}

  static MeterKeyPair key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[31] = 7;
    return MeterKeyPair.fromSeed(seed);
  }

  static MeterRegistration registration(MeterId meter, SiteId site, MeterKeyPair key) {
    return new MeterRegistration(
        meter,
        site,
        FeederId.of("feeder-1"),
        key.publicKey(),
        SiteRatings.NONE,
        NOW.minus(Duration.ofDays(365)),
        Optional.empty());
  }

  static MeterRegistration revoked(MeterId meter, SiteId site, MeterKeyPair key, Instant at) {
    MeterRegistration r = registration(meter, site, key);
    return new MeterRegistration(
        r.meter(),
        r.site(),
        r.feeder(),
        r.publicKey(),
        r.ratings(),
        r.registeredAt(),
        Optional.of(at));
  }

  /** A plausible household sample; the import counter reads {@code importWh}. */
  static Sample.Builder sample(Instant at, double importWh) {
    return Sample.at(at)
        .with(Measurement.POWER_IMPORT, 1800)
        .with(Measurement.POWER_EXPORT, 0)
        .with(Measurement.ENERGY_IMPORT, importWh)
        .with(Measurement.ENERGY_EXPORT, 10)
        .with(Measurement.BATTERY_SOC, 50)
        .with(Measurement.VOLTAGE, 230.1)
        .with(Measurement.FREQUENCY, 50.01);
  }

  /** {@code count} samples one second apart from {@code start}, import rising 0.5 Wh a second. */
  static List<Sample> samples(Instant start, int count, double importWh) {
    List<Sample> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(sample(start.plusSeconds(i), importWh + 0.5 * i).build());
    }
    return list;
  }

  static TelemetryMessage unsigned(MeterId meter, SiteId site, long seq, List<Sample> samples) {
    return TelemetryMessage.unsigned(meter, site, seq, "test/1", samples);
  }

  static TelemetryMessage signed(
      MeterId meter, SiteId site, long seq, List<Sample> samples, MeterKeyPair key) {
    return unsigned(meter, site, seq, samples).signedWith(key);
  }

  static String topic(SiteId site, MeterId meter, Topic.Kind kind) {
    return Topic.of(site, meter, kind).name();
  }

  static String telemetryTopicOf(TelemetryMessage m) {
    return topic(m.site(), m.meter(), Topic.Kind.TELEMETRY);
  }

  static byte[] payload(TelemetryMessage m) {
    return CODEC.encode(m);
  }

  static Inbound inbound(String topic, byte[] payload, Runnable settle) {
    return new Inbound(topic, payload, NOW, settle);
  }

  static Inbound inbound(TelemetryMessage m, Runnable settle) {
    return inbound(telemetryTopicOf(m), payload(m), settle);
  }
}

package org.gridweave.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridweave.gateway.ingest.TestFleet.NOW;
import static org.gridweave.gateway.ingest.TestFleet.OTHER_SITE;
import static org.gridweave.gateway.ingest.TestFleet.SITE;
import static org.gridweave.gateway.ingest.TestFleet.key;
import static org.gridweave.gateway.ingest.TestFleet.payload;
import static org.gridweave.gateway.ingest.TestFleet.registration;
import static org.gridweave.gateway.ingest.TestFleet.sample;
import static org.gridweave.gateway.ingest.TestFleet.samples;
import static org.gridweave.gateway.ingest.TestFleet.signed;
import static org.gridweave.gateway.ingest.TestFleet.topic;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.RejectReason;
import org.gridweave.core.protocol.TelemetryMessage;
import org.gridweave.core.protocol.Topic;
import org.gridweave.gateway.registry.MeterDirectory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TelemetryValidatorTest {
  private static final MeterId METER = MeterId.of("meter-1");
  private static final MeterId NEIGHBOUR = MeterId.of("meter-2");
  private static final MeterId REVOKED = MeterId.of("meter-3");
  private static final MeterId ELSEWHERE = MeterId.of("meter-4");
  private static final MeterId STRANGER = MeterId.of("meter-9");
  private static final MeterKeyPair METER_KEY = key(1);
  private static final MeterKeyPair NEIGHBOUR_KEY = key(2);
  private static final Instant REVOKED_AT = NOW.minus(Duration.ofDays(1));

  /** Tighter than the defaults, so the tests show the configured limits are the ones applied. */
  private static final ValidationRules RULES =
      new ValidationRules(4 * 1024, Duration.ofSeconds(30), Duration.ofDays(7));

  private final TestClock clock = new TestClock(NOW);
  private final MeterDirectory directory = new MeterDirectory();
  private final TelemetryValidator validator = new TelemetryValidator(directory, clock, RULES);

  @BeforeEach
  void registerFleet() {
    directory.put(registration(METER, SITE, METER_KEY));
    directory.put(registration(NEIGHBOUR, SITE, NEIGHBOUR_KEY));
    directory.put(TestFleet.revoked(REVOKED, SITE, key(3), REVOKED_AT));
    directory.put(registration(ELSEWHERE, OTHER_SITE, key(4)));
  }

  private static TelemetryMessage reading(long seq) {
    return signed(METER, SITE, seq, samples(NOW.minusSeconds(10), 3, 1000), METER_KEY);
  }

  private Verdict check(String topic, byte[] payload) {
    return validator.check(TestFleet.inbound(topic, payload, () -> {}));
  }

  private Verdict check(String topic, TelemetryMessage m) {
    return check(topic, payload(m));
  }

  private Verdict check(TelemetryMessage m) {
    return check(TestFleet.telemetryTopicOf(m), m);
  }

  @Test
  void acceptsCorrectlySignedMessageOfRegisteredMeter() {
    // Given
    TelemetryMessage m = reading(42);

    // When
    Verdict verdict = check(m);

    // Then
    assertThat(verdict.isAccepted()).isTrue();
    assertThat(verdict.rejected()).isNull();
    assertThat(verdict.accepted().message()).isEqualTo(m);
    assertThat(verdict.accepted().stream()).isEqualTo(Stream.LIVE);
    assertThat(verdict.accepted().topic()).isEqualTo("gridweave/v1/site-1/meter-1/telemetry");
    assertThat(verdict.accepted().receivedAt()).isEqualTo(NOW);
  }

  @Test
  void marksMessagesFromTheBackfillTopicAsBackfill() {
    // Given
    TelemetryMessage m = reading(7);

    // When
    Verdict verdict = check(topic(SITE, METER, Topic.Kind.BACKFILL), m);

    // Then
    assertThat(verdict.isAccepted()).isTrue();
    assertThat(verdict.accepted().stream()).isEqualTo(Stream.BACKFILL);
  }

  @Test
  void rejectsTopicOutsideTheGridweaveTree() {
    // When
    Verdict verdict = check("sensors/site-1/meter-1/telemetry", reading(1));

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.INVALID_TOPIC);
    assertThat(r.meter()).isNull();
    assertThat(r.sequence()).isEqualTo(-1);
    assertThat(r.explanation()).contains("sensors/site-1/meter-1/telemetry");
  }

  @Test
  void rejectsTelemetryPublishedOnTheStateTopic() {
    // Given
    String stateTopic = topic(SITE, METER, Topic.Kind.STATE);

    // When
    Verdict verdict = check(stateTopic, reading(1));

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.INVALID_TOPIC);
    assertThat(r.meter()).isEqualTo(METER);
    assertThat(r.topic()).isEqualTo(stateTopic);
    assertThat(r.explanation()).contains(stateTopic);
  }

  static java.util.stream.Stream<Arguments> undecodablePayloads() {
    String good = new String(payload(reading(1)), StandardCharsets.UTF_8);
    return java.util.stream.Stream.of(
        argumentSet(
            "truncated JSON",
            "{\"v\":\"1.0\",\"meter\":",
            RejectReason.MALFORMED_JSON,
            "not valid JSON"),
        argumentSet(
            "protocol version 2",
            good.replace("\"v\":\"1.0\"", "\"v\":\"2.0\""),
            RejectReason.UNSUPPORTED_VERSION,
            "'2.0'"),
        argumentSet(
            "unknown top-level field",
            good.replace("{\"v\"", "{\"colour\":\"red\",\"v\""),
            RejectReason.UNKNOWN_FIELD,
            "'colour'"),
        argumentSet(
            "payload above the configured size",
            " ".repeat(4 * 1024 + 1) + good,
            RejectReason.OVERSIZED_PAYLOAD,
            "at most 4096"));
  }

  @ParameterizedTest
  @MethodSource("undecodablePayloads")
  void passesDecodingErrorsThroughWithTheirReason(
      String payload, RejectReason reason, String explained) {
    // When
    Verdict verdict =
        check(topic(SITE, METER, Topic.Kind.TELEMETRY), payload.getBytes(StandardCharsets.UTF_8));

    // Then
    RejectedMessage r = rejectedWith(verdict, reason);
    assertThat(r.meter()).isEqualTo(METER);
    assertThat(r.sequence()).isEqualTo(-1);
    assertThat(r.explanation()).contains(explained);
  }

  @Test
  void keepsTheStartOfARejectedPayloadForDiagnosis() {
    // Given
    byte[] payload = ("{\"v\":\"1.0\",\"meter\":" + "x".repeat(5000)).getBytes();

    // When
    Verdict verdict = check(topic(SITE, METER, Topic.Kind.TELEMETRY), payload);

    // Then
    RejectedMessage r = verdict.rejected();
    assertThat(r.payloadPrefix()).hasSize(2048);
    assertThat(new String(r.payloadPrefix(), StandardCharsets.UTF_8)).startsWith("{\"v\":\"1.0\"");
    assertThat(r.receivedAt()).isEqualTo(NOW);
  }

  @Test
  void rejectsPayloadOfOneMeterPublishedOnAnotherMetersTopic() {
    // When
    Verdict verdict = check(topic(SITE, NEIGHBOUR, Topic.Kind.TELEMETRY), reading(5));

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.TOPIC_MISMATCH);
    assertThat(r.meter()).isEqualTo(NEIGHBOUR);
    assertThat(r.sequence()).isEqualTo(5);
    assertThat(r.explanation()).contains("meter-1", "meter-2");
  }

  @Test
  void rejectsPayloadPublishedUnderAnotherSite() {
    // When
    Verdict verdict = check(topic(OTHER_SITE, METER, Topic.Kind.TELEMETRY), reading(5));

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.TOPIC_MISMATCH);
    assertThat(r.explanation()).contains("site-1", "site-2");
  }

  @Test
  void rejectsReadingFromUnknownMeter() {
    // Given
    TelemetryMessage m = signed(STRANGER, SITE, 1, samples(NOW.minusSeconds(5), 2, 10), key(9));

    // When
    Verdict verdict = check(m);

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.UNKNOWN_METER);
    assertThat(r.meter()).isEqualTo(STRANGER);
    assertThat(r.sequence()).isEqualTo(1);
    assertThat(r.explanation()).contains("meter-9");
  }

  @Test
  void rejectsReadingFromRevokedMeterEvenWhenCorrectlySigned() {
    // Given
    TelemetryMessage m = signed(REVOKED, SITE, 1, samples(NOW.minusSeconds(5), 2, 10), key(3));

    // When
    Verdict verdict = check(m);

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.REVOKED_METER);
    assertThat(r.explanation()).contains("meter-3", REVOKED_AT.toString());
  }

  @Test
  void rejectsReadingFromSiteTheMeterIsNotRegisteredAt() {
    // Given: meter-4 is registered at site-2 but claims site-1, on a matching topic
    TelemetryMessage m = signed(ELSEWHERE, SITE, 1, samples(NOW.minusSeconds(5), 2, 10), key(4));

    // When
    Verdict verdict = check(m);

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.SITE_MISMATCH);
    assertThat(r.explanation()).contains("meter-4", "site-2", "site-1");
  }

  @Test
  void rejectsMessageWhoseValuesWereChangedAfterSigning() {
    // Given: the same header and signature, but one counter altered
    TelemetryMessage original = reading(3);
    TelemetryMessage tampered =
        new TelemetryMessage(
            original.meter(),
            original.site(),
            original.sequence(),
            original.firmware(),
            samples(NOW.minusSeconds(10), 3, 999),
            original.signature());

    // When
    Verdict verdict = check(tampered);

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.BAD_SIGNATURE);
    assertThat(r.sequence()).isEqualTo(3);
    assertThat(r.explanation()).contains("meter-1");
  }

  @Test
  void rejectsMessageSignedWithAnotherMetersKey() {
    // Given
    TelemetryMessage m =
        signed(METER, SITE, 3, samples(NOW.minusSeconds(10), 3, 1000), NEIGHBOUR_KEY);

    // When
    Verdict verdict = check(m);

    // Then
    assertThat(rejectedWith(verdict, RejectReason.BAD_SIGNATURE).explanation()).contains("meter-1");
  }

  static java.util.stream.Stream<Arguments> implausibleValues() {
    return java.util.stream.Stream.of(
        argumentSet("state of charge 150 %", Measurement.BATTERY_SOC, 150.0),
        argumentSet("frequency 80 Hz", Measurement.FREQUENCY, 80.0),
        argumentSet("frequency 30 Hz", Measurement.FREQUENCY, 30.0),
        argumentSet("voltage 1200 V", Measurement.VOLTAGE, 1200.0));
  }

  @ParameterizedTest
  @MethodSource("implausibleValues")
  void rejectsPhysicallyImplausibleValue(Measurement field, double value) {
    // Given: the second sample carries the implausible value
    TelemetryMessage m =
        signed(
            METER,
            SITE,
            8,
            List.of(
                sample(NOW.minusSeconds(2), 100).build(),
                sample(NOW.minusSeconds(1), 101).with(field, value).build()),
            METER_KEY);

    // When
    Verdict verdict = check(m);

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.OUT_OF_RANGE);
    assertThat(r.explanation()).contains("samples[1]." + field.field(), field.unit().symbol());
  }

  @Test
  void acceptsSampleAtTheAllowedFutureSkew() {
    // Given: the gateway's clock is 30 s behind the meter's, the configured limit
    TelemetryMessage m = single(NOW.plus(RULES.maxFutureSkew()));

    // When / Then
    assertThat(check(m).isAccepted()).isTrue();
  }

  @Test
  void rejectsSampleJustBeyondTheAllowedFutureSkew() {
    // Given
    Instant tooFar = NOW.plus(RULES.maxFutureSkew()).plusMillis(1);

    // When
    Verdict verdict = check(single(tooFar));

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.TIMESTAMP_IN_FUTURE);
    assertThat(r.explanation()).contains(tooFar.toString(), "PT30S");
  }

  @Test
  void acceptsSampleExactlyAsOldAsAllowed() {
    // Given: backfill after a week-long outage, the configured limit
    TelemetryMessage m = single(NOW.minus(RULES.maxAge()));

    // When / Then
    assertThat(check(topic(SITE, METER, Topic.Kind.BACKFILL), m).isAccepted()).isTrue();
  }

  @Test
  void rejectsSampleJustOlderThanAllowed() {
    // Given
    Instant tooOld = NOW.minus(RULES.maxAge()).minusMillis(1);

    // When
    Verdict verdict = check(topic(SITE, METER, Topic.Kind.BACKFILL), single(tooOld));

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.TIMESTAMP_TOO_OLD);
    assertThat(r.explanation()).contains(tooOld.toString(), "PT168H");
  }

  @Test
  void judgesTimestampsAgainstTheClockAsItIsNow() {
    // Given: a sample that was too new a minute ago
    TelemetryMessage m = single(NOW.plusSeconds(60));
    assertThat(check(m).isAccepted()).isFalse();

    // When
    clock.advance(Duration.ofMinutes(1));

    // Then
    assertThat(check(m).isAccepted()).isTrue();
  }

  @Test
  void rejectsCounterGoingBackwardsInsideOneMessage() {
    // Given
    TelemetryMessage m =
        signed(
            METER,
            SITE,
            11,
            List.of(
                sample(NOW.minusSeconds(3), 500).build(),
                sample(NOW.minusSeconds(2), 501).build(),
                sample(NOW.minusSeconds(1), 499.5).build()),
            METER_KEY);

    // When
    Verdict verdict = check(m);

    // Then
    RejectedMessage r = rejectedWith(verdict, RejectReason.COUNTER_BACKWARDS);
    assertThat(r.sequence()).isEqualTo(11);
    assertThat(r.explanation())
        .contains("energy_import_wh", "message 11", "samples[1] = 501.0", "samples[2] = 499.5");
  }

  @Test
  void acceptsCounterThatStaysFlatInsideOneMessage() {
    // Given: no consumption for a while
    TelemetryMessage m =
        signed(
            METER,
            SITE,
            12,
            List.of(
                sample(NOW.minusSeconds(2), 500).build(), sample(NOW.minusSeconds(1), 500).build()),
            METER_KEY);

    // When / Then
    assertThat(check(m).isAccepted()).isTrue();
  }

  private static TelemetryMessage single(Instant at) {
    return signed(METER, SITE, 20, List.of(sample(at, 100).build()), METER_KEY);
  }

  private static RejectedMessage rejectedWith(Verdict verdict, RejectReason reason) {
    assertThat(verdict.isAccepted()).as("accepted").isFalse();
    assertThat(verdict.rejected().reason()).isEqualTo(reason);
    return verdict.rejected();
  }
}

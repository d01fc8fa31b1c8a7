package org.gridweave.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;
import org.gridweave.core.crypto.MeterKeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TelemetryCodecTest {
  private final TelemetryCodec codec = new TelemetryCodec(4096);

  @Test
  void roundTripsASignedMessage() throws Exception {
    TelemetryMessage m = TelemetryFixtures.message(7, 10);
    TelemetryMessage back = codec.decode(new TelemetryCodec().encode(m));
    assertThat(back).isEqualTo(m);
    assertThat(back.isSignedBy(TelemetryFixtures.KEY.publicKey())).isTrue();
  }

  @Test
  void signatureCoversEverySampleValue() throws Exception {
    String json = new String(codec.encode(TelemetryFixtures.message(7, 2)), StandardCharsets.UTF_8);
    String tampered = json.replace("\"energy_import_wh\":1001", "\"energy_import_wh\":1002");
    assertThat(tampered).isNotEqualTo(json);
    TelemetryMessage m = codec.decode(tampered.getBytes(StandardCharsets.UTF_8));
    assertThat(m.isSignedBy(TelemetryFixtures.KEY.publicKey())).isFalse();
  }

  @Test
  void signatureDoesNotDependOnJsonLayout() throws Exception {
    String json = new String(codec.encode(TelemetryFixtures.message(7, 1)), StandardCharsets.UTF_8);
    String relaid =
        json.replace(",", " ,\n ")
            .replace("\"power_import_w\":1200.5", "\"power_import_w\":12.005e2");
    TelemetryMessage m = codec.decode(relaid.getBytes(StandardCharsets.UTF_8));
    assertThat(m.isSignedBy(TelemetryFixtures.KEY.publicKey())).isTrue();
  }

  @Test
  void anotherMetersKeyDoesNotVerify() throws Exception {
    TelemetryMessage m = TelemetryFixtures.message(7, 1);
    MeterKeyPair other =
        MeterKeyPair.fromSeed(
            new byte[] {
              1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
              25, 26, 27, 28, 29, 30, 31, 32
            });
    assertThat(m.isSignedBy(other.publicKey())).isFalse();
  }

  static Stream<Arguments> badPayloads() {
    String ok =
        "\"v\":\"1.0\",\"meter\":\"m-1\",\"site\":\"s-1\",\"seq\":1,\"fw\":\"f\",\"sig\":\""
            + "A".repeat(86)
            + "==\"";
    String sample =
        "{\"ts\":\"2026-11-25T10:00:00Z\",\"power_import_w\":1,\"power_export_w\":0,\"energy_import_wh\":5,\"energy_export_wh\":0}";
    return Stream.of(
        Arguments.of("not json", "{oops", RejectReason.MALFORMED_JSON),
        Arguments.of("array", "[1,2]", RejectReason.MALFORMED_JSON),
        Arguments.of(
            "trailing garbage",
            "{" + ok + ",\"samples\":[" + sample + "]} x",
            RejectReason.MALFORMED_JSON),
        Arguments.of(
            "version 2", "{\"v\":\"2.0\",\"whatever\":1}", RejectReason.UNSUPPORTED_VERSION),
        Arguments.of("no version", "{\"meter\":\"m-1\"}", RejectReason.MISSING_FIELD),
        Arguments.of("missing samples", "{" + ok + "}", RejectReason.MISSING_FIELD),
        Arguments.of(
            "extra field",
            "{" + ok + ",\"x\":1,\"samples\":[" + sample + "]}",
            RejectReason.UNKNOWN_FIELD),
        Arguments.of(
            "duplicate field",
            "{" + ok + ",\"seq\":2,\"samples\":[" + sample + "]}",
            RejectReason.DUPLICATE_FIELD),
        Arguments.of(
            "seq as string",
            "{" + ok.replace("\"seq\":1", "\"seq\":\"1\"") + ",\"samples\":[" + sample + "]}",
            RejectReason.WRONG_TYPE),
        Arguments.of(
            "power as string",
            "{"
                + ok
                + ",\"samples\":["
                + sample.replace("\"power_import_w\":1", "\"power_import_w\":\"1\"")
                + "]}",
            RejectReason.WRONG_TYPE),
        Arguments.of(
            "NaN",
            "{"
                + ok
                + ",\"samples\":["
                + sample.replace("\"power_import_w\":1", "\"power_import_w\":NaN")
                + "]}",
            RejectReason.NON_FINITE_NUMBER),
        Arguments.of(
            "Infinity",
            "{"
                + ok
                + ",\"samples\":["
                + sample.replace("\"power_import_w\":1", "\"power_import_w\":1e999")
                + "]}",
            RejectReason.NON_FINITE_NUMBER),
        Arguments.of(
            "negative energy",
            "{"
                + ok
                + ",\"samples\":["
                + sample.replace("\"energy_import_wh\":5", "\"energy_import_wh\":-5")
                + "]}",
            RejectReason.NEGATIVE_VALUE),
        Arguments.of(
            "missing measurement",
            "{" + ok + ",\"samples\":[" + sample.replace(",\"energy_export_wh\":0", "") + "]}",
            RejectReason.MISSING_FIELD),
        Arguments.of(
            "unknown measurement",
            "{" + ok + ",\"samples\":[" + sample.replace("}", ",\"reactive_var\":3}") + "]}",
            RejectReason.UNKNOWN_FIELD),
        Arguments.of(
            "bad timestamp",
            "{"
                + ok
                + ",\"samples\":["
                + sample.replace("2026-11-25T10:00:00Z", "yesterday")
                + "]}",
            RejectReason.BAD_TIMESTAMP),
        Arguments.of(
            "timestamp without offset",
            "{"
                + ok
                + ",\"samples\":["
                + sample.replace("2026-11-25T10:00:00Z", "2026-11-25T10:00:00")
                + "]}",
            RejectReason.BAD_TIMESTAMP),
        Arguments.of("no samples", "{" + ok + ",\"samples\":[]}", RejectReason.BAD_SAMPLE_COUNT),
        Arguments.of(
            "samples out of order",
            "{" + ok + ",\"samples\":[" + sample + "," + sample + "]}",
            RejectReason.SAMPLES_OUT_OF_ORDER),
        Arguments.of(
            "invalid meter id",
            "{" + ok.replace("m-1", "m/1") + ",\"samples\":[" + sample + "]}",
            RejectReason.INVALID_ID),
        Arguments.of(
            "negative seq",
            "{" + ok.replace("\"seq\":1", "\"seq\":-1") + ",\"samples\":[" + sample + "]}",
            RejectReason.BAD_SEQUENCE),
        Arguments.of(
            "short signature",
            "{" + ok.replace("A".repeat(86) + "==", "AAAA") + ",\"samples\":[" + sample + "]}",
            RejectReason.BAD_SIGNATURE),
        Arguments.of(
            "oversized",
            "{" + ok + ",\"samples\":[" + (sample + ",").repeat(40) + sample + "]}",
            RejectReason.OVERSIZED_PAYLOAD));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPayloads")
  void rejectsBadPayloadWithReason(String name, String payload, RejectReason expected) {
    assertThatThrownBy(() -> codec.decode(payload.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ProtocolException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(expected);
              assertThat(e.getMessage()).isNotBlank().doesNotStartWith("null");
            });
  }
}

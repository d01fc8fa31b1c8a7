package org.gridweave.core.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.gridweave.core.crypto.MeterPublicKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden payloads in docs/protocol/examples are the protocol's compatibility fixtures: they
 * must validate against the JSON Schemas beside them, decode with the codecs, and the telemetry
 * example's signature must verify over canonical bytes built here from docs/protocol.md alone.
 */
class GoldenExamplesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonSchemaFactory SCHEMAS =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  /** Measurement fields in canonical order (docs/protocol.md, "Measurements"); bit i = index i. */
  private static final List<String> CANONICAL_ORDER =
      List.of(
          "power_import_w",
          "power_export_w",
          "energy_import_wh",
          "energy_export_wh",
          "energy_pv_wh",
          "energy_wind_wh",
          "energy_battery_charge_wh",
          "energy_battery_discharge_wh",
          "battery_soc_pct",
          "voltage_v",
          "frequency_hz");

  @ParameterizedTest(name = "{0}.json validates against {0}.schema.json")
  @MethodSource("messageKinds")
  void everyExampleValidatesAgainstItsSchema(String kind) {
    assertThat(schema(kind).validate(example(kind))).isEmpty();
  }

  static Stream<String> messageKinds() {
    return Stream.of("telemetry", "command", "ack", "state", "rejection", "order");
  }

  @Test
  void telemetryExampleDecodesAndItsSignatureVerifiesWithThePublishedKey() throws Exception {
    TelemetryMessage message = new TelemetryCodec().decode(exampleBytes("telemetry.json"));

    assertThat(message.meter().value()).isEqualTo("m-0001");
    assertThat(message.sequence()).isEqualTo(42);
    assertThat(message.samples()).hasSize(2);
    assertThat(message.isSignedBy(publishedKey())).isTrue();
  }

  @Test
  void orderExampleDecodesAndItsSignatureVerifiesWithItsPublishedKey() throws Exception {
    OrderMessage order = OrderMessage.decode(exampleBytes("order.json"));

    assertThat(order.limitPriceMicros()).isEqualTo(120_000);
    assertThat(order.energyWh()).isEqualTo(1500);
    assertThat(
            order.isSignedBy(
                org.gridweave.core.crypto.MeterPublicKey.parse(
                    new String(exampleBytes("order.pub"), StandardCharsets.US_ASCII).trim())))
        .isTrue();
    // the same order with another price no longer verifies
    String tampered =
        new String(exampleBytes("order.json"), StandardCharsets.UTF_8).replace("0.12", "0.02");
    assertThat(
            OrderMessage.decode(tampered.getBytes(StandardCharsets.UTF_8))
                .isSignedBy(
                    org.gridweave.core.crypto.MeterPublicKey.parse(
                        new String(exampleBytes("order.pub"), StandardCharsets.US_ASCII).trim())))
        .isFalse();
  }

  @Test
  void canonicalBytesEqualAnIndependentEncodingOfTheSpecification() throws Exception {
    TelemetryMessage message = new TelemetryCodec().decode(exampleBytes("telemetry.json"));

    byte[] fromSpec = canonicalFromSpec(example("telemetry"));

    assertThat(message.canonicalBytes()).isEqualTo(fromSpec);
  }

  @Test
  void signatureVerifiesWithTheJdkEd25519Provider() throws Exception {
    JsonNode telemetry = example("telemetry");
    byte[] signature = Base64.getDecoder().decode(telemetry.get("sig").asText());

    Signature jdk = Signature.getInstance("Ed25519");
    jdk.initVerify(jdkKey(publishedKey().bytes()));
    jdk.update(canonicalFromSpec(telemetry));

    assertThat(jdk.verify(signature)).isTrue();
  }

  @Test
  void aSingleChangedValueBreaksTheSignature() throws Exception {
    ObjectNode tampered = example("telemetry").deepCopy();
    ((ObjectNode) tampered.withArray("samples").get(1)).put("energy_import_wh", 1523401);

    TelemetryMessage message = new TelemetryCodec().decode(JSON.writeValueAsBytes(tampered));

    assertThat(schema("telemetry").validate(tampered)).isEmpty();
    assertThat(message.isSignedBy(publishedKey())).isFalse();
  }

  @Test
  void controlExamplesDecode() throws Exception {
    Command command = Command.decode(exampleBytes("command.json"));
    CommandAck ack = CommandAck.decode(exampleBytes("ack.json"));
    MeterState state = MeterState.decode(exampleBytes("state.json"));
    Rejection rejection = Rejection.decode(exampleBytes("rejection.json"));

    assertThat(command.batteryCharge()).isPresent();
    assertThat(ack.commandId()).isEqualTo(command.id());
    assertThat(ack.status()).isEqualTo(CommandAck.Status.APPLIED);
    assertThat(state.online()).isTrue();
    assertThat(rejection.reason()).isEqualTo(RejectReason.REPLAYED_SEQUENCE);
    assertThat(rejection.sequence()).isEqualTo(42);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidTelemetry")
  void invalidTelemetryFailsTheSchemaAndTheCodecAlike(
      String name, Consumer<ObjectNode> breakIt, RejectReason expected) throws Exception {
    ObjectNode payload = example("telemetry").deepCopy();
    breakIt.accept(payload);

    Set<ValidationMessage> errors = schema("telemetry").validate(payload);

    assertThat(errors).as("schema errors").isNotEmpty();
    assertThatThrownBy(() -> new TelemetryCodec().decode(JSON.writeValueAsBytes(payload)))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(expected));
  }

  static Stream<Arguments> invalidTelemetry() {
    return Stream.of(
        invalid(
            "negative energy",
            p -> sample(p, 0).put("energy_import_wh", -1),
            RejectReason.NEGATIVE_VALUE),
        invalid(
            "unknown top-level field", p -> p.put("tariff", "night"), RejectReason.UNKNOWN_FIELD),
        invalid(
            "unknown measurement", p -> sample(p, 1).put("power_w", 5), RejectReason.UNKNOWN_FIELD),
        invalid("missing sig", p -> p.remove("sig"), RejectReason.MISSING_FIELD),
        invalid(
            "missing required measurement",
            p -> sample(p, 1).remove("energy_export_wh"),
            RejectReason.MISSING_FIELD),
        invalid("another major version", p -> p.put("v", "2.0"), RejectReason.UNSUPPORTED_VERSION),
        invalid("negative seq", p -> p.put("seq", -1), RejectReason.BAD_SEQUENCE),
        invalid("seq as a string", p -> p.put("seq", "42"), RejectReason.WRONG_TYPE),
        invalid("meter id with a slash", p -> p.put("meter", "m/1"), RejectReason.INVALID_ID),
        invalid("no samples", p -> p.putArray("samples"), RejectReason.BAD_SAMPLE_COUNT),
        invalid(
            "601 samples, over the payload limit before the count limit",
            p -> {
              ArrayNode samples = p.putArray("samples");
              for (int i = 0; i < 601; i++) {
                samples.add(
                    JSON.createObjectNode()
                        .put("ts", Instant.parse("2026-11-25T10:00:00Z").plusSeconds(i).toString())
                        .put("power_import_w", 0)
                        .put("power_export_w", 0)
                        .put("energy_import_wh", 0)
                        .put("energy_export_wh", 0));
              }
            },
            RejectReason.OVERSIZED_PAYLOAD),
        invalid(
            "sub-millisecond timestamp",
            p -> sample(p, 0).put("ts", "2026-11-25T10:00:00.0001Z"),
            RejectReason.BAD_TIMESTAMP),
        invalid(
            "timestamp without offset",
            p -> sample(p, 0).put("ts", "2026-11-25T10:00:00"),
            RejectReason.BAD_TIMESTAMP),
        invalid(
            "firmware of 65 characters",
            p -> p.put("fw", "f".repeat(65)),
            RejectReason.OUT_OF_RANGE),
        invalid(
            "signature of 63 bytes",
            p -> p.put("sig", Base64.getEncoder().encodeToString(new byte[63])),
            RejectReason.BAD_SIGNATURE));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidControlMessages")
  void invalidControlMessagesFailTheSchemaAndTheDecoderAlike(
      String name, String kind, Consumer<ObjectNode> breakIt, RejectReason expected)
      throws Exception {
    ObjectNode payload = example(kind).deepCopy();
    breakIt.accept(payload);
    byte[] bytes = JSON.writeValueAsBytes(payload);

    assertThat(schema(kind).validate(payload)).as("schema errors").isNotEmpty();
    assertThatThrownBy(() -> decode(kind, bytes))
        .isInstanceOfSatisfying(
            ProtocolException.class, e -> assertThat(e.reason()).isEqualTo(expected));
  }

  static Stream<Arguments> invalidControlMessages() {
    return Stream.of(
        Arguments.of(
            "order for zero Wh",
            "order",
            (Consumer<ObjectNode>) p -> p.put("energy_wh", 0),
            RejectReason.OUT_OF_RANGE),
        Arguments.of(
            "order with an unknown side",
            "order",
            (Consumer<ObjectNode>) p -> p.put("side", "buy"),
            RejectReason.OUT_OF_RANGE),
        Arguments.of(
            "cancel that carries a price",
            "order",
            (Consumer<ObjectNode>)
                p -> {
                  p.put("action", "cancel");
                  p.remove("side");
                  p.remove("interval");
                  p.remove("energy_wh");
                },
            RejectReason.UNKNOWN_FIELD),
        Arguments.of(
            "command charging and discharging at once",
            "command",
            (Consumer<ObjectNode>) p -> p.put("battery_discharge_w", 100),
            RejectReason.OUT_OF_RANGE),
        Arguments.of(
            "command without a setpoint",
            "command",
            (Consumer<ObjectNode>)
                p -> {
                  p.remove("battery_charge_w");
                  p.remove("pv_curtail_pct");
                },
            RejectReason.OUT_OF_RANGE),
        Arguments.of(
            "command curtailing 120 %",
            "command",
            (Consumer<ObjectNode>) p -> p.put("pv_curtail_pct", 120),
            RejectReason.OUT_OF_RANGE),
        Arguments.of(
            "command with an unknown field",
            "command",
            (Consumer<ObjectNode>) p -> p.put("priority", 1),
            RejectReason.UNKNOWN_FIELD),
        Arguments.of(
            "ack with an unknown status",
            "ack",
            (Consumer<ObjectNode>) p -> p.put("status", "postponed"),
            RejectReason.OUT_OF_RANGE),
        Arguments.of(
            "state neither online nor offline",
            "state",
            (Consumer<ObjectNode>) p -> p.put("state", "sleeping"),
            RejectReason.OUT_OF_RANGE),
        Arguments.of(
            "state of another major version",
            "state",
            (Consumer<ObjectNode>) p -> p.put("v", "2.0"),
            RejectReason.UNSUPPORTED_VERSION),
        Arguments.of(
            "rejection with an unknown reason code",
            "rejection",
            (Consumer<ObjectNode>) p -> p.put("reason", "TOO_LOUD"),
            RejectReason.OUT_OF_RANGE),
        Arguments.of(
            "rejection without a message",
            "rejection",
            (Consumer<ObjectNode>) p -> p.remove("message"),
            RejectReason.MISSING_FIELD));
  }

  @Test
  void rejectionSchemaListsExactlyTheReasonCodes() {
    List<String> inSchema = new ArrayList<>();
    rawSchema("rejection").at("/properties/reason/enum").forEach(n -> inSchema.add(n.asText()));

    assertThat(inSchema)
        .containsExactlyInAnyOrderElementsOf(
            Stream.of(RejectReason.values()).map(Enum::name).toList());
  }

  @Test
  void protocolDocumentExplainsEveryReasonCode() throws IOException {
    String doc = Files.readString(Path.of("../docs/protocol.md"));

    for (RejectReason r : RejectReason.values()) {
      assertThat(doc).as(r.name()).contains("| `" + r.name() + "` |");
    }
  }

  /** The canonical encoding as docs/protocol.md specifies it, from the JSON payload alone. */
  private static byte[] canonicalFromSpec(JsonNode message) {
    byte[] meter = utf8(message.get("meter").asText());
    byte[] site = utf8(message.get("site").asText());
    byte[] fw = utf8(message.get("fw").asText());
    ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
    buf.put(new byte[] {'G', 'W', 'T', 1, 0});
    buf.put((byte) meter.length).put(meter);
    buf.put((byte) site.length).put(site);
    buf.putLong(message.get("seq").asLong());
    buf.put((byte) fw.length).put(fw);
    JsonNode samples = message.get("samples");
    buf.putShort((short) samples.size());
    for (JsonNode s : samples) {
      buf.putLong(OffsetDateTime.parse(s.get("ts").asText()).toInstant().toEpochMilli());
      int mask = 0;
      for (int bit = 0; bit < CANONICAL_ORDER.size(); bit++) {
        if (s.has(CANONICAL_ORDER.get(bit))) {
          mask |= 1 << bit;
        }
      }
      buf.putShort((short) mask);
      for (String field : CANONICAL_ORDER) {
        if (s.has(field)) {
          buf.putDouble(Double.parseDouble(s.get(field).asText()));
        }
      }
    }
    byte[] out = new byte[buf.position()];
    buf.flip().get(out);
    return out;
  }

  private static Object decode(String kind, byte[] payload) throws ProtocolException {
    return switch (kind) {
      case "command" -> Command.decode(payload);
      case "ack" -> CommandAck.decode(payload);
      case "state" -> MeterState.decode(payload);
      case "rejection" -> Rejection.decode(payload);
      case "order" -> OrderMessage.decode(payload);
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private static Arguments invalid(String name, Consumer<ObjectNode> breakIt, RejectReason r) {
    return Arguments.of(name, breakIt, r);
  }

  private static ObjectNode sample(ObjectNode payload, int index) {
    return (ObjectNode) payload.withArray("samples").get(index);
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static MeterPublicKey publishedKey() {
    return MeterPublicKey.parse(
        new String(exampleBytes("telemetry.pub"), StandardCharsets.US_ASCII));
  }

  private static JsonSchema schema(String kind) {
    return SCHEMAS.getSchema(rawSchema(kind));
  }

  private static JsonNode rawSchema(String kind) {
    return readTree(resource("protocol/" + kind + ".schema.json"));
  }

  private static JsonNode example(String kind) {
    return readTree(exampleBytes(kind + ".json"));
  }

  private static byte[] exampleBytes(String file) {
    return resource("protocol/examples/" + file);
  }

  private static JsonNode readTree(byte[] bytes) {
    try {
      return JSON.readTree(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] resource(String path) {
    try (InputStream in = GoldenExamplesTest.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException(path + " is not on the test class path");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** RFC 8032 encodes y little-endian with x's parity in the top bit; the JDK wants them apart. */
  private static PublicKey jdkKey(byte[] raw) throws Exception {
    byte[] le = raw.clone();
    boolean xOdd = (le[31] & 0x80) != 0;
    le[31] &= 0x7f;
    byte[] be = new byte[32];
    for (int i = 0; i < 32; i++) {
      be[i] = le[31 - i];
    }
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(
            new EdECPublicKeySpec(
                NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, be))));
  }
}

package org.gridweave.core.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/**
 * JSON encoding of {@link TelemetryMessage} (protocol v1, docs/protocol.md). Decoding is strict:
 * unknown or duplicate fields, wrong types, non-finite or negative numbers and unknown major
 * versions are rejected with a {@link ProtocolException} naming the reason and the field. An
 * unsupported version always wins over other errors, so a v2 message is never half-parsed.
 * Thread-safe.
 */
public final class TelemetryCodec {
  public static final String VERSION = "1.0";
  public static final int DEFAULT_MAX_BYTES = 64 * 1024;

  private static final JsonFactory JSON =
      JsonFactory.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .build();

  private final int maxBytes;

  public TelemetryCodec() {
    this(DEFAULT_MAX_BYTES);
  }

  public TelemetryCodec(int maxBytes) {
    this.maxBytes = maxBytes;
  }

  public byte[] encode(TelemetryMessage message) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256 + 300 * message.samples().size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("v", VERSION);
      g.writeStringField("meter", message.meter().value());
      g.writeStringField("site", message.site().value());
      g.writeNumberField("seq", message.sequence());
      g.writeStringField("fw", message.firmware());
      g.writeArrayFieldStart("samples");
      for (Sample s : message.samples()) {
        g.writeStartObject();
        g.writeStringField("ts", DateTimeFormatter.ISO_INSTANT.format(s.time()));
        for (Measurement m : Measurement.all()) {
          if (s.has(m)) {
            writeNumber(g, m.field(), s.value(m));
          }
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      if (message.signature() != null) {
        g.writeStringField("sig", Base64.getEncoder().encodeToString(message.signature()));
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeNumber(JsonGenerator g, String field, double v) throws IOException {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      g.writeNumberField(field, (long) v);
    } else {
      g.writeNumberField(field, v);
    }
  }

  /**
   * Decodes a telemetry payload. The signature is decoded but not verified: that needs the meter's
   * registered key, see {@link TelemetryMessage#isSignedBy}.
   */
  public TelemetryMessage decode(byte[] payload) throws ProtocolException {
    if (payload.length > maxBytes) {
      throw new ProtocolException(
          RejectReason.OVERSIZED_PAYLOAD,
          "payload has " + payload.length + " bytes; at most " + maxBytes + " are accepted");
    }
    Fields f = new Fields();
    try (JsonParser p = JSON.createParser(payload)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new ProtocolException(RejectReason.MALFORMED_JSON, "payload is not a JSON object");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken t = p.nextToken();
        switch (name) {
          case "v" -> f.version = f.string(p, t, "v");
          case "meter" -> f.meter = f.string(p, t, "meter");
          case "site" -> f.site = f.string(p, t, "site");
          case "seq" -> f.sequence = f.integer(p, t, "seq");
          case "fw" -> f.firmware = f.string(p, t, "fw");
          case "sig" -> f.signature = f.string(p, t, "sig");
          case "samples" -> f.samples = f.samples(p, t);
          default -> {
            f.fail(RejectReason.UNKNOWN_FIELD, "field '" + name + "' is not part of protocol v1");
            p.skipChildren();
          }
        }
      }
      if (p.nextToken() != null) {
        throw new ProtocolException(
            RejectReason.MALFORMED_JSON, "unexpected content after the JSON object");
      }
    } catch (ProtocolException e) {
      throw e;
    } catch (com.fasterxml.jackson.core.exc.StreamReadException e) {
      if (e.getMessage() != null && e.getMessage().startsWith("Duplicate field")) {
        throw new ProtocolException(
            RejectReason.DUPLICATE_FIELD, "a field appears twice: " + e.getOriginalMessage());
      }
      throw new ProtocolException(
          RejectReason.MALFORMED_JSON, "payload is not valid JSON: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new ProtocolException(
          RejectReason.MALFORMED_JSON, "payload is not valid JSON: " + e.getMessage());
    }
    return f.toMessage();
  }

  /** Collects fields in any order; remembers the first semantic error. */
  private static final class Fields {
    String version;
    String meter;
    String site;
    Long sequence;
    String firmware;
    String signature;
    List<Sample> samples;
    ProtocolException firstError;

    void fail(RejectReason reason, String message) {
      if (firstError == null) {
        firstError = new ProtocolException(reason, message);
      }
    }

    String string(JsonParser p, JsonToken t, String name) throws IOException {
      if (t != JsonToken.VALUE_STRING) {
        fail(RejectReason.WRONG_TYPE, "'" + name + "' must be a string, was " + describe(t));
        p.skipChildren();
        return null;
      }
      return p.getText();
    }

    Long integer(JsonParser p, JsonToken t, String name) throws IOException {
      if (t != JsonToken.VALUE_NUMBER_INT) {
        fail(RejectReason.WRONG_TYPE, "'" + name + "' must be an integer, was " + describe(t));
        p.skipChildren();
        return null;
      }
      if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
        fail(RejectReason.BAD_SEQUENCE, "'" + name + "' is too large");
        return null;
      }
      return p.getLongValue();
    }

    List<Sample> samples(JsonParser p, JsonToken t) throws IOException {
      if (t != JsonToken.START_ARRAY) {
        fail(RejectReason.WRONG_TYPE, "'samples' must be an array, was " + describe(t));
        p.skipChildren();
        return null;
      }
      List<Sample> list = new ArrayList<>();
      int index = 0;
      JsonToken e;
      while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
        if (list.size() >= TelemetryMessage.MAX_SAMPLES) {
          fail(
              RejectReason.BAD_SAMPLE_COUNT,
              "a message carries at most " + TelemetryMessage.MAX_SAMPLES + " samples");
          p.skipChildren();
          continue;
        }
        Sample s = sample(p, e, index++);
        if (s != null) {
          list.add(s);
        }
      }
      return list;
    }

    Sample sample(JsonParser p, JsonToken t, int index) throws IOException {
      String where = "samples[" + index + "]";
      if (t != JsonToken.START_OBJECT) {
        fail(RejectReason.WRONG_TYPE, where + " must be an object, was " + describe(t));
        p.skipChildren();
        return null;
      }
      Instant time = null;
      double[] values = new double[Measurement.all().length];
      java.util.Arrays.fill(values, Double.NaN);
      boolean ok = true;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken v = p.nextToken();
        if (name.equals("ts")) {
          String text = string(p, v, where + ".ts");
          time = text == null ? null : timestamp(text, where + ".ts");
          ok &= time != null;
          continue;
        }
        Measurement m = Measurement.byField(name);
        if (m == null) {
          fail(
              RejectReason.UNKNOWN_FIELD,
              where + " has field '" + name + "', which is not a protocol v1 measurement");
          p.skipChildren();
          ok = false;
          continue;
        }
        if (v != JsonToken.VALUE_NUMBER_INT && v != JsonToken.VALUE_NUMBER_FLOAT) {
          fail(
              RejectReason.WRONG_TYPE,
              where
                  + "."
                  + name
                  + " must be a number in "
                  + m.unit().symbol()
                  + ", was "
                  + describe(v));
          p.skipChildren();
          ok = false;
          continue;
        }
        double d = p.getDoubleValue();
        if (!Double.isFinite(d)) {
          fail(
              RejectReason.NON_FINITE_NUMBER,
              where + "." + name + " must be a finite number, was " + p.getText());
          ok = false;
        } else if (d < 0) {
          fail(
              RejectReason.NEGATIVE_VALUE,
              where + "." + name + " must not be negative, was " + d + " " + m.unit().symbol());
          ok = false;
        } else {
          values[m.ordinal()] = d == 0.0 ? 0.0 : d;
        }
      }
      if (time == null && ok) {
        fail(RejectReason.MISSING_FIELD, where + " lacks 'ts'");
        ok = false;
      }
      for (Measurement m : Measurement.all()) {
        if (ok && m.required() && Double.isNaN(values[m.ordinal()])) {
          fail(RejectReason.MISSING_FIELD, where + " lacks '" + m.field() + "'");
          ok = false;
        }
      }
      if (!ok) {
        return null;
      }
      Sample.Builder b = Sample.at(time);
      for (Measurement m : Measurement.all()) {
        if (!Double.isNaN(values[m.ordinal()])) {
          b.with(m, values[m.ordinal()]);
        }
      }
      return b.build();
    }

    Instant timestamp(String text, String where) {
      Instant fast = UtcTimestamps.parseFast(text);
      if (fast != null) {
        return fast;
      }
      try {
        Instant instant = OffsetDateTime.parse(text).toInstant();
        if (instant.getNano() % 1_000_000 != 0) {
          fail(RejectReason.BAD_TIMESTAMP, where + " has sub-millisecond digits: " + text);
          return null;
        }
        return instant;
      } catch (DateTimeParseException e) {
        fail(
            RejectReason.BAD_TIMESTAMP,
            where
                + " '"
                + text
                + "' is not an ISO-8601 instant with offset, e.g. 2026-01-31T12:00:00Z");
        return null;
      }
    }

    TelemetryMessage toMessage() throws ProtocolException {
      if (version == null && firstError == null) {
        fail(RejectReason.MISSING_FIELD, "field 'v' (protocol version) is missing");
      }
      if (version != null && !version.equals(VERSION) && !version.startsWith("1.")) {
        throw new ProtocolException(
            RejectReason.UNSUPPORTED_VERSION,
            "protocol version '" + version + "' is not supported; this gateway speaks " + VERSION);
      }
      if (version != null && !version.matches("1\\.[0-9]{1,3}")) {
        fail(RejectReason.UNSUPPORTED_VERSION, "protocol version '" + version + "' is malformed");
      }
      if (firstError != null) {
        throw firstError;
      }
      require(meter, "meter");
      require(site, "site");
      require(sequence, "seq");
      require(firmware, "fw");
      require(samples, "samples");
      require(signature, "sig");
      if (!MeterId.isValid(meter)) {
        throw new ProtocolException(RejectReason.INVALID_ID, "meter id '" + meter + "' is invalid");
      }
      if (!SiteId.isValid(site)) {
        throw new ProtocolException(RejectReason.INVALID_ID, "site id '" + site + "' is invalid");
      }
      if (sequence < 0) {
        throw new ProtocolException(
            RejectReason.BAD_SEQUENCE, "'seq' must not be negative, was " + sequence);
      }
      if (firmware.isEmpty() || firmware.length() > TelemetryMessage.MAX_FIRMWARE_LENGTH) {
        throw new ProtocolException(RejectReason.OUT_OF_RANGE, "'fw' must have 1-64 characters");
      }
      if (samples.isEmpty()) {
        throw new ProtocolException(
            RejectReason.BAD_SAMPLE_COUNT,
            "'samples' is empty; a message carries 1-" + TelemetryMessage.MAX_SAMPLES + " samples");
      }
      for (int i = 1; i < samples.size(); i++) {
        if (!samples.get(i).time().isAfter(samples.get(i - 1).time())) {
          throw new ProtocolException(
              RejectReason.SAMPLES_OUT_OF_ORDER,
              "samples[" + i + "].ts is not after samples[" + (i - 1) + "].ts");
        }
      }
      byte[] sig;
      try {
        sig = Base64.getDecoder().decode(signature);
      } catch (IllegalArgumentException e) {
        throw new ProtocolException(RejectReason.BAD_SIGNATURE, "'sig' is not valid Base64");
      }
      if (sig.length != 64) {
        throw new ProtocolException(
            RejectReason.BAD_SIGNATURE,
            "'sig' must be a 64-byte Ed25519 signature, has " + sig.length + " bytes");
      }
      return new TelemetryMessage(
          MeterId.of(meter), SiteId.of(site), sequence, firmware, samples, sig);
    }

    private static void require(Object value, String name) throws ProtocolException {
      if (value == null) {
        throw new ProtocolException(RejectReason.MISSING_FIELD, "field '" + name + "' is missing");
      }
    }

    private static String describe(JsonToken t) {
      return switch (t) {
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "null";
        case START_OBJECT -> "an object";
        case START_ARRAY -> "an array";
        default -> String.valueOf(t);
      };
    }
  }
}

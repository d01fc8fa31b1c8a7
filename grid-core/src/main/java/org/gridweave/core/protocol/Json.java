package org.gridweave.core.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/** Strict reading of the small v1 control messages (state, cmd, ack, rejected). */
final class Json {
  static final ObjectMapper MAPPER =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static byte[] bytes(ObjectNode node) {
    try {
      return MAPPER.writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode read(byte[] payload, String what, Set<String> allowed)
      throws ProtocolException {
    JsonNode node;
    try {
      node = MAPPER.readTree(payload);
    } catch (IOException e) {
      throw new ProtocolException(
          RejectReason.MALFORMED_JSON, what + " is not valid JSON: " + e.getMessage());
    }
    if (!(node instanceof ObjectNode object)) {
      throw new ProtocolException(RejectReason.MALFORMED_JSON, what + " is not a JSON object");
    }
    String v = object.path("v").asText(null);
    if (v == null) {
      throw new ProtocolException(RejectReason.MISSING_FIELD, what + " lacks 'v'");
    }
    if (!v.startsWith("1.")) {
      throw new ProtocolException(
          RejectReason.UNSUPPORTED_VERSION, what + " has unsupported version '" + v + "'");
    }
    for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!f.equals("v") && !allowed.contains(f)) {
        throw new ProtocolException(
            RejectReason.UNKNOWN_FIELD, what + " has unknown field '" + f + "'");
      }
    }
    return object;
  }

  /** The field's value; MISSING_FIELD when it is absent or null. */
  static JsonNode required(ObjectNode o, String field, String what) throws ProtocolException {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      throw new ProtocolException(RejectReason.MISSING_FIELD, what + " lacks '" + field + "'");
    }
    return n;
  }

  static String text(ObjectNode o, String field, String what) throws ProtocolException {
    JsonNode n = required(o, field, what);
    if (!n.isTextual()) {
      throw new ProtocolException(
          RejectReason.WRONG_TYPE, what + "." + field + " must be a string");
    }
    return n.asText();
  }

  static Double number(ObjectNode o, String field, String what) throws ProtocolException {
    JsonNode n = o.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isNumber()) {
      throw new ProtocolException(
          RejectReason.WRONG_TYPE, what + "." + field + " must be a number");
    }
    double d = n.asDouble();
    if (!Double.isFinite(d)) {
      throw new ProtocolException(
          RejectReason.NON_FINITE_NUMBER, what + "." + field + " must be finite");
    }
    return d;
  }

  static Instant instant(ObjectNode o, String field, String what) throws ProtocolException {
    String text = text(o, field, what);
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      throw new ProtocolException(
          RejectReason.BAD_TIMESTAMP, what + "." + field + " is not an ISO-8601 instant: " + text);
    }
  }
}

package org.gridweave.controller.service.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Set;

/** A REST body that must be one JSON object with known fields; anything else is a 400. */
public final class JsonBody {
  private static final ObjectMapper JSON =
      new ObjectMapper()
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private JsonBody() {}

  /**
   * @throws BadRequest naming {@code $} for text that is not a JSON object, or the first field not
   *     in {@code allowed}
   */
  public static JsonNode object(String body, Set<String> allowed) {
    JsonNode o;
    try {
      o = JSON.readTree(body);
    } catch (Exception e) {
      throw new BadRequest("$", "not valid JSON");
    }
    if (o == null || !o.isObject()) {
      throw new BadRequest("$", "must be a JSON object");
    }
    o.fieldNames()
        .forEachRemaining(f -> {
          if (!allowed.contains(f)) throw new BadRequest(f, "unknown field");
        });
    return o;
  }

  /** A field that must be a JSON string (taken as it is). */
  public static String string(JsonNode o, String field) {
    JsonNode n = o.get(field);
    if (n == null || !n.isTextual()) {
      throw new BadRequest(field, "is required, a string");
    }
    return n.asText();
  }

  /** A field that must be a non-blank string; surrounding blanks are dropped. */
  public static String requiredText(JsonNode o, String field) {
    String v = o.path(field).isTextual() ? o.get(field).asText().strip() : "";
    if (v.isEmpty()) {
      throw new BadRequest(field, "is required");
    }
    return v;
  }

  /** The {@code reason} every operator action carries into the audit: 1 to 500 characters. */
  public static String reason(JsonNode o) {
    String r = o.path("reason").isTextual() ? o.get("reason").asText().strip() : "";
    if (r.isEmpty() || r.length() > 500) {
      throw new BadRequest("reason", "is required: 1 to 500 characters saying why");
    }
    return r;
  }
}

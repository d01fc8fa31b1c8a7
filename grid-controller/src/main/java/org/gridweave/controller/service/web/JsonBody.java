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
}

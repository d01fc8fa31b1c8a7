package org.gridweave.controller.tariff;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * A time-of-use tariff as JSON: {@code {"zone": "Europe/Berlin", "bands": [{"from": "07:00",
 * "import_per_kwh": 0.30, "export_per_kwh": 0.08}, ...]}}. Strict: unknown fields and wrong types
 * are refused with the field's path.
 */
public final class TariffJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private TariffJson() {}

  public static TimeOfUseTariff read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new TariffException("$", "not valid JSON (" + e.getOriginalMessage() + ")");
    }
    if (root == null || !root.isObject()) {
      throw new TariffException("$", "must be a JSON object");
    }
    only(root, "", Set.of("zone", "bands"));
    JsonNode zoneNode = root.get("zone");
    if (zoneNode == null || !zoneNode.isTextual()) {
      throw new TariffException("zone", "is required, a time-zone id such as Europe/Berlin");
    }
    ZoneId zone;
    try {
      zone = ZoneId.of(zoneNode.asText());
    } catch (DateTimeException e) {
      throw new TariffException("zone", "'" + zoneNode.asText() + "' is not a time-zone id");
    }
    JsonNode bands = root.get("bands");
    if (bands == null || !bands.isArray() || bands.isEmpty()) {
      throw new TariffException("bands", "is required: a non-empty array");
    }
    List<TimeOfUseTariff.Band> out = new ArrayList<>();
    for (int i = 0; i < bands.size(); i++) {
      String at = "bands[" + i + "]";
      JsonNode b = bands.get(i);
      if (!b.isObject()) {
        throw new TariffException(at, "must be an object");
      }
      only(b, at, Set.of("from", "import_per_kwh", "export_per_kwh"));
      JsonNode from = b.get("from");
      if (from == null || !from.isTextual()) {
        throw new TariffException(at + ".from", "is required, a local time like 07:00");
      }
      LocalTime t;
      try {
        t = LocalTime.parse(from.asText());
      } catch (DateTimeException e) {
        throw new TariffException(
            at + ".from", "'" + from.asText() + "' is not a local time like 07:00");
      }
      out.add(
          new TimeOfUseTariff.Band(
              t, number(b, at, "import_per_kwh"), number(b, at, "export_per_kwh")));
    }
    return new TimeOfUseTariff(zone, out);
  }

  private static double number(JsonNode n, String at, String field) {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber()) {
      throw new TariffException(at + "." + field, "is required and must be a number");
    }
    return v.asDouble();
  }

  private static void only(JsonNode n, String at, Set<String> allowed) {
    Iterator<String> it = n.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new TariffException(at.isEmpty() ? f : at + "." + f, "unknown field");
      }
    }
  }
}

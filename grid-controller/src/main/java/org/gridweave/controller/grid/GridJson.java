package org.gridweave.controller.grid;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.DateTimeException;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.Percent;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;

/**
 * The grid model's JSON document (REST bodies, scenario files): snake_case fields, powers in kW,
 * energies in kWh. Reading is strict: unknown fields, wrong types, out-of-range values and broken
 * references are refused with a {@link GridModelException} whose field is the JSON path ({@code
 * sites[2].battery.soc_min_pct}). See the module README for an example.
 */
public final class GridJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final double MAX_KW = 1e6;

  private GridJson() {}

  public static GridModel read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new GridModelException(
          "$",
          "not valid JSON ("
              + e.getOriginalMessage()
              + " at line "
              + e.getLocation().getLineNr()
              + ")");
    }
    if (root == null || !root.isObject()) {
      throw new GridModelException("$", "must be a JSON object");
    }
    return read(root);
  }

  public static GridModel read(JsonNode root) {
    fields(root, "", Set.of("zone", "transformer_limit_kw", "feeders", "sites"));
    ZoneId zone;
    String zoneText = text(root, "", "zone");
    try {
      zone = ZoneId.of(zoneText);
    } catch (DateTimeException e) {
      throw new GridModelException(
          "zone", "'" + zoneText + "' is not a time-zone id (e.g. Europe/Berlin)");
    }
    Watts transformer = Watts.kilowatts(kw(root, "", "transformer_limit_kw", true));
    List<Feeder> feeders = new ArrayList<>();
    JsonNode fs = array(root, "", "feeders");
    for (int i = 0; i < fs.size(); i++) {
      String at = "feeders[" + i + "]";
      JsonNode f = object(fs.get(i), at);
      fields(f, at, Set.of("id", "limit_kw"));
      String id = text(f, at, "id");
      if (!FeederId.isValid(id)) {
        throw new GridModelException(
            at + ".id", "'" + id + "' is not a valid id (1-64 of A-Z a-z 0-9 . _ -)");
      }
      double limit = kw(f, at, "limit_kw", true);
      feeders.add(wrap(at, () -> new Feeder(FeederId.of(id), Watts.kilowatts(limit))));
    }
    List<Site> sites = new ArrayList<>();
    JsonNode ss = array(root, "", "sites");
    for (int i = 0; i < ss.size(); i++) {
      sites.add(site(object(ss.get(i), "sites[" + i + "]"), "sites[" + i + "]"));
    }
    return new GridModel(zone, transformer, feeders, sites);
  }

  private static Site site(JsonNode s, String at) {
    fields(
        s,
        at,
        Set.of(
            "id",
            "feeder",
            "meter",
            "import_limit_kw",
            "export_limit_kw",
            "pv_kwp",
            "wind_kw",
            "battery",
            "flexible_load",
            "curtailment_cost_per_kwh"));
    String id = text(s, at, "id");
    if (!SiteId.isValid(id)) {
      throw new GridModelException(at + ".id", "'" + id + "' is not a valid id");
    }
    String feeder = text(s, at, "feeder");
    if (!FeederId.isValid(feeder)) {
      throw new GridModelException(at + ".feeder", "'" + feeder + "' is not a valid id");
    }
    String meter = text(s, at, "meter");
    if (!MeterId.isValid(meter)) {
      throw new GridModelException(at + ".meter", "'" + meter + "' is not a valid id");
    }
    double imp = kw(s, at, "import_limit_kw", true);
    double exp = kw(s, at, "export_limit_kw", false);
    double pv = s.has("pv_kwp") ? kw(s, at, "pv_kwp", false) : 0;
    double wind = s.has("wind_kw") ? kw(s, at, "wind_kw", false) : 0;
    Optional<Battery> battery = Optional.empty();
    if (s.has("battery")) {
      String b = at + ".battery";
      JsonNode n = object(s.get("battery"), b);
      fields(
          n,
          b,
          Set.of(
              "capacity_kwh",
              "max_charge_kw",
              "max_discharge_kw",
              "round_trip_efficiency",
              "soc_min_pct",
              "soc_max_pct"));
      double cap = kw(n, b, "capacity_kwh", true);
      double ch = kw(n, b, "max_charge_kw", true);
      double dis = kw(n, b, "max_discharge_kw", true);
      double eff = number(n, b, "round_trip_efficiency");
      double lo = pct(n, b, "soc_min_pct");
      double hi = pct(n, b, "soc_max_pct");
      battery =
          Optional.of(
              wrap(
                  b,
                  () ->
                      new Battery(
                          WattHours.kilowattHours(cap),
                          Watts.kilowatts(ch),
                          Watts.kilowatts(dis),
                          eff,
                          Percent.of(lo),
                          Percent.of(hi))));
    }
    Optional<FlexibleLoad> flex = Optional.empty();
    if (s.has("flexible_load")) {
      String fAt = at + ".flexible_load";
      JsonNode n = object(s.get("flexible_load"), fAt);
      fields(n, fAt, Set.of("max_kw", "energy_kwh", "window_start", "window_end"));
      double max = kw(n, fAt, "max_kw", true);
      double energy = kw(n, fAt, "energy_kwh", false);
      LocalTime from = time(n, fAt, "window_start");
      LocalTime to = time(n, fAt, "window_end");
      flex =
          Optional.of(
              wrap(
                  fAt,
                  () ->
                      new FlexibleLoad(
                          Watts.kilowatts(max), WattHours.kilowattHours(energy), from, to)));
    }
    OptionalDouble cost =
        s.has("curtailment_cost_per_kwh")
            ? OptionalDouble.of(number(s, at, "curtailment_cost_per_kwh"))
            : OptionalDouble.empty();
    Optional<Battery> fb = battery;
    Optional<FlexibleLoad> ff = flex;
    return wrap(
        at,
        () ->
            new Site(
                SiteId.of(id),
                FeederId.of(feeder),
                MeterId.of(meter),
                Watts.kilowatts(imp),
                Watts.kilowatts(exp),
                Watts.kilowatts(pv),
                Watts.kilowatts(wind),
                fb,
                ff,
                cost));
  }

  /** Re-raises a record's own validation error with the path of the object it was read from. */
  private static <T> T wrap(String at, java.util.function.Supplier<T> make) {
    try {
      return make.get();
    } catch (GridModelException e) {
      throw new GridModelException(at + "." + e.field(), e.reason());
    } catch (IllegalArgumentException e) {
      throw new GridModelException(at, e.getMessage());
    }
  }

  private static void fields(JsonNode n, String at, Set<String> allowed) {
    Iterator<String> it = n.fieldNames();
    while (it.hasNext()) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new GridModelException(
            path(at, f),
            "unknown field (allowed: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
      }
    }
  }

  private static String path(String at, String field) {
    return at.isEmpty() ? field : at + "." + field;
  }

  private static JsonNode object(JsonNode n, String at) {
    if (n == null || !n.isObject()) {
      throw new GridModelException(at, "must be a JSON object");
    }
    return n;
  }

  private static JsonNode array(JsonNode n, String at, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new GridModelException(path(at, field), "is required");
    }
    if (!v.isArray()) {
      throw new GridModelException(path(at, field), "must be an array");
    }
    return v;
  }

  private static String text(JsonNode n, String at, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new GridModelException(path(at, field), "is required");
    }
    if (!v.isTextual()) {
      throw new GridModelException(path(at, field), "must be a string");
    }
    return v.asText();
  }

  private static double number(JsonNode n, String at, String field) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      throw new GridModelException(path(at, field), "is required");
    }
    if (!v.isNumber()) {
      throw new GridModelException(path(at, field), "must be a number, was " + v);
    }
    double d = v.asDouble();
    if (!Double.isFinite(d)) {
      throw new GridModelException(path(at, field), "must be finite");
    }
    return d;
  }

  private static double kw(JsonNode n, String at, String field, boolean positive) {
    double d = number(n, at, field);
    if (positive ? !(d > 0) : d < 0) {
      throw new GridModelException(
          path(at, field), "must be " + (positive ? "above 0" : "≥ 0") + ", was " + d);
    }
    if (d > MAX_KW) {
      throw new GridModelException(path(at, field), "must be at most " + MAX_KW + ", was " + d);
    }
    return d;
  }

  private static double pct(JsonNode n, String at, String field) {
    double d = number(n, at, field);
    if (d < 0 || d > 100) {
      throw new GridModelException(path(at, field), "must be within 0..100 %, was " + d);
    }
    return d;
  }

  private static LocalTime time(JsonNode n, String at, String field) {
    String t = text(n, at, field);
    try {
      return LocalTime.parse(t);
    } catch (DateTimeParseException e) {
      throw new GridModelException(path(at, field), "'" + t + "' is not a local time like 18:00");
    }
  }

  public static String write(GridModel g) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("zone", g.zone().getId());
    root.put("transformer_limit_kw", g.transformerLimit().kilowatts());
    ArrayNode fs = root.putArray("feeders");
    for (Feeder f : g.feeders()) {
      fs.addObject().put("id", f.id().value()).put("limit_kw", f.limit().kilowatts());
    }
    ArrayNode ss = root.putArray("sites");
    for (Site s : g.sites()) {
      ObjectNode o = ss.addObject();
      o.put("id", s.id().value()).put("feeder", s.feeder().value()).put("meter", s.meter().value());
      o.put("import_limit_kw", s.importLimit().kilowatts());
      o.put("export_limit_kw", s.exportLimit().kilowatts());
      o.put("pv_kwp", s.pvPeak().kilowatts());
      o.put("wind_kw", s.windRated().kilowatts());
      s.battery()
          .ifPresent(b ->
              o.putObject("battery")
                  .put("capacity_kwh", b.capacity().kilowattHours())
                  .put("max_charge_kw", b.maxCharge().kilowatts())
                  .put("max_discharge_kw", b.maxDischarge().kilowatts())
                  .put("round_trip_efficiency", b.roundTripEfficiency())
                  .put("soc_min_pct", b.socMin().value())
                  .put("soc_max_pct", b.socMax().value()));
      s.flexibleLoad()
          .ifPresent(f ->
              o.putObject("flexible_load")
                  .put("max_kw", f.maxPower().kilowatts())
                  .put("energy_kwh", f.energy().kilowattHours())
                  .put("window_start", f.windowStart().toString())
                  .put("window_end", f.windowEnd().toString()));
      s.curtailmentCostPerKwh().ifPresent(c -> o.put("curtailment_cost_per_kwh", c));
    }
    return root.toString();
  }
}

package org.gridweave.simulations.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridweave.simulations.scenario.Scenario;
import org.gridweave.simulations.scenario.ScenarioException;
import org.gridweave.simulations.scenario.ScenarioFile;

/**
 * The variants of a sweep: the cross product of {@code --param name=v1,v2,…} over a base scenario
 * file, each one the base file with the parameters' values set at their scenario paths and
 * validated by the same schema and checks as a hand-written file. Every value is checked alone
 * first, so an error names the parameter; then every combination, naming the variant.
 */
public final class SweepPlan {
  /**
   * Short names for the scenario paths researchers vary most; {@code *} stands for every element of
   * a list. Any other dotted scenario path (e.g. {@code population.pv_kwp.max}, {@code
   * topology.feeders.0.limit_kw}) works too.
   */
  public static final Map<String, String> ALIASES = aliases();

  private static Map<String, String> aliases() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("seed", "seed");
    m.put("battery_share", "population.battery_share");
    m.put("battery_c_rate", "population.battery_c_rate");
    m.put("pv_share", "population.pv_share");
    m.put("wind_share", "population.wind_share");
    m.put("ev_share", "population.ev_share");
    m.put("market", "market.mechanism");
    m.put("crossing_fee", "market.crossing_fee_per_kwh");
    m.put("delivery_penalty", "market.delivery_penalty_per_kwh");
    m.put("dispatch", "dispatch.strategy");
    m.put("horizon_steps", "dispatch.horizon_steps");
    m.put("forecasting", "forecasting.mode");
    m.put("settlement", "settlement.mode");
    m.put("feeder_limit_kw", "topology.feeders.*.limit_kw");
    m.put("transformer_limit_kw", "topology.transformer_limit_kw");
    m.put("import_limit_kw", "topology.connection.import_limit_kw");
    m.put("export_limit_kw", "topology.connection.export_limit_kw");
    m.put("demand", "profiles.demand");
    m.put("cloudiness", "profiles.cloudiness");
    m.put("wind_speed_mean_ms", "profiles.wind_speed_mean_ms");
    return java.util.Collections.unmodifiableMap(m);
  }

  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** One {@code --param}: its name (as typed), scenario path and values (as typed). */
  public record Param(String name, String path, List<String> values) {}

  /** One variant: its folder name, its parameter values in order, the validated scenario. */
  public record Variant(String id, Map<String, String> params, Scenario scenario) {}

  private final List<Param> params;
  private final List<Variant> variants;

  private SweepPlan(List<Param> params, List<Variant> variants) {
    this.params = List.copyOf(params);
    this.variants = List.copyOf(variants);
  }

  public List<Param> params() {
    return params;
  }

  public List<Variant> variants() {
    return variants;
  }

  /**
   * @param scenarioFile the base scenario (validated as it is first, errors with its lines)
   * @param specs the {@code --param} arguments, {@code name=v1,v2,…}
   * @param seed overrides every variant's seed unless {@code seed} is swept
   * @throws ScenarioException naming the file and line, the parameter or the variant
   */
  public static SweepPlan of(Path scenarioFile, List<String> specs, Long seed) {
    Scenario base = ScenarioFile.load(scenarioFile);
    String file = scenarioFile.getFileName().toString();
    JsonNode tree;
    try {
      tree = YAML.readTree(Files.readString(scenarioFile, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new ScenarioException(file + ": cannot read the scenario: " + e.getMessage());
    }
    if (specs.isEmpty()) {
      throw new ScenarioException("a sweep needs at least one --param name=v1,v2,...");
    }
    List<Param> params = new ArrayList<>();
    for (String spec : specs) {
      Param p = parse(spec);
      if (params.stream().anyMatch(q -> q.name().equals(p.name()))) {
        throw new ScenarioException("--param " + p.name() + " is given twice");
      }
      params.add(p);
      for (String v : p.values()) {
        ObjectNode one = (ObjectNode) tree.deepCopy();
        set(one, p, v);
        validate(one, "--param " + p.name() + "=" + v);
      }
    }
    List<Variant> variants = new ArrayList<>();
    combine(params, 0, new LinkedHashMap<>(), tree, base, seed, variants);
    return new SweepPlan(params, variants);
  }

  private static void combine(
      List<Param> params,
      int k,
      LinkedHashMap<String, String> chosen,
      JsonNode tree,
      Scenario base,
      Long seed,
      List<Variant> out) {
    if (k == params.size()) {
      ObjectNode v = (ObjectNode) tree.deepCopy();
      StringBuilder id = new StringBuilder();
      StringBuilder label = new StringBuilder();
      for (Param p : params) {
        String value = chosen.get(p.name());
        set(v, p, value);
        id.append(id.isEmpty() ? "" : "__").append(safe(p.name())).append('-').append(safe(value));
        label.append(label.isEmpty() ? "" : ", ").append(p.name()).append('=').append(value);
      }
      Scenario s = validate(v, "variant " + label);
      if (seed != null && !chosen.containsKey("seed")) {
        s = s.withSeed(seed);
      }
      out.add(new Variant(id.toString(), Map.copyOf(new LinkedHashMap<>(chosen)), s));
      return;
    }
    Param p = params.get(k);
    for (String value : p.values()) {
      chosen.put(p.name(), value);
      combine(params, k + 1, chosen, tree, base, seed, out);
    }
    chosen.remove(p.name());
  }

  static Param parse(String spec) {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new ScenarioException(
          "--param must be name=v1,v2,... (e.g. battery_share=0,0.5), was '" + spec + "'");
    }
    String name = spec.substring(0, eq).trim();
    String path = ALIASES.get(name);
    if (path == null) {
      if (!name.contains(".")) {
        throw new ScenarioException(
            "unknown parameter '"
                + name
                + "': use one of "
                + String.join(", ", ALIASES.keySet())
                + " or a dotted scenario path such as population.pv_kwp.max");
      }
      path = name;
    }
    List<String> values = new ArrayList<>();
    for (String v : spec.substring(eq + 1).split(",", -1)) {
      String t = v.trim();
      if (t.isEmpty()) {
        throw new ScenarioException("--param " + name + " has an empty value in '" + spec + "'");
      }
      if (values.contains(t)) {
        throw new ScenarioException("--param " + name + " lists " + t + " twice");
      }
      values.add(t);
    }
    return new Param(name, path, values);
  }

  /** Sets the value (read as a YAML scalar: 0.5 a number, pay_as_bid a string) at the path. */
  private static void set(ObjectNode root, Param p, String value) {
    JsonNode v;
    try {
      v = YAML.readTree(value);
    } catch (IOException e) {
      throw new ScenarioException("--param " + p.name() + ": '" + value + "' is not a value");
    }
    if (v == null || v.isContainerNode() || v.isMissingNode()) {
      throw new ScenarioException(
          "--param " + p.name() + ": '" + value + "' must be a single number or word");
    }
    String[] parts = p.path().split("\\.");
    setAt(root, parts, 0, v, p);
  }

  private static void setAt(JsonNode node, String[] parts, int k, JsonNode value, Param p) {
    String part = parts[k];
    boolean last = k == parts.length - 1;
    if (node instanceof ArrayNode array) {
      List<Integer> indexes = new ArrayList<>();
      if (part.equals("*")) {
        for (int i = 0; i < array.size(); i++) {
          indexes.add(i);
        }
      } else if (part.matches("\\d+") && Integer.parseInt(part) < array.size()) {
        indexes.add(Integer.parseInt(part));
      } else {
        throw new ScenarioException(
            "--param "
                + p.name()
                + ": "
                + String.join(".", java.util.Arrays.copyOf(parts, k))
                + " is a list of "
                + array.size()
                + ": '"
                + part
                + "' is not an index in it");
      }
      for (int i : indexes) {
        if (last) {
          array.set(i, value);
        } else {
          setAt(array.get(i), parts, k + 1, value, p);
        }
      }
    } else if (node instanceof ObjectNode object) {
      if (last) {
        object.set(part, value);
      } else {
        JsonNode child = object.get(part);
        if (child == null) {
          child = object.putObject(part);
        }
        setAt(child, parts, k + 1, value, p);
      }
    } else {
      throw new ScenarioException(
          "--param "
              + p.name()
              + ": "
              + String.join(".", java.util.Arrays.copyOf(parts, k))
              + " is a single value, not a section");
    }
  }

  /** Validates a changed tree; errors lose the generated file's lines and gain the context. */
  private static Scenario validate(ObjectNode tree, String context) {
    String yaml;
    try {
      yaml = YAML.writeValueAsString(tree);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    try {
      return ScenarioFile.parse("variant.yaml", yaml);
    } catch (ScenarioException e) {
      StringBuilder sb = new StringBuilder();
      for (String line : e.getMessage().split("\n")) {
        sb.append(sb.isEmpty() ? "" : "\n")
            .append(context)
            .append(" refused: ")
            .append(line.replaceFirst("^variant\\.yaml:\\d+: ", ""));
      }
      throw new ScenarioException(sb.toString());
    }
  }

  private static String safe(String s) {
    return s.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}

package org.gridweave.simulations.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.gridweave.controller.tariff.Tariff;
import org.gridweave.controller.tariff.TariffException;
import org.gridweave.controller.tariff.TimeOfUseTariff;
import org.gridweave.forecasting.service.history.HistoryRequirement;
import org.gridweave.simulations.scenario.Scenario.DemandSource;
import org.gridweave.simulations.scenario.Scenario.FeederSpec;
import org.gridweave.simulations.scenario.Scenario.ForecastMode;
import org.gridweave.simulations.scenario.Scenario.Mechanism;
import org.gridweave.simulations.scenario.Scenario.Population;
import org.gridweave.simulations.scenario.Scenario.Range;
import org.gridweave.simulations.scenario.Scenario.Strategy;

/**
 * Reads a scenario file: YAML, validated against the published schema ({@code scenario.schema.json}
 * on the classpath), then the checks a schema cannot express. Every problem names the file, the
 * line and the field; unknown keys are refused.
 */
public final class ScenarioFile {
  public static final String SCHEMA_RESOURCE = "/scenario.schema.json";
  private static final JsonSchema SCHEMA = loadSchema();

  private ScenarioFile() {}

  private static JsonSchema loadSchema() {
    try (InputStream in = ScenarioFile.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(SCHEMA_RESOURCE + " is missing from the classpath");
      }
      return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Scenario load(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new ScenarioException(path + ": cannot read the scenario: " + e.getMessage());
    }
    return parse(path.getFileName().toString(), text);
  }

  /**
   * @param file the name errors are reported under
   */
  public static Scenario parse(String file, String yaml) {
    YamlTree tree = YamlTree.parse(file, yaml);
    Set<ValidationMessage> errors = SCHEMA.validate(tree.root());
    if (!errors.isEmpty()) {
      record Located(int line, String text) {}
      List<Located> found = new ArrayList<>();
      for (ValidationMessage m : errors) {
        String pointer = pointer(m);
        found.add(new Located(tree.lineOf(pointer), describe(m)));
      }
      found.sort(Comparator.comparingInt(Located::line).thenComparing(Located::text));
      StringBuilder sb = new StringBuilder();
      for (Located l : found.stream().distinct().toList()) {
        if (!sb.isEmpty()) {
          sb.append('\n');
        }
        sb.append(file).append(':').append(l.line()).append(": ").append(l.text());
      }
      throw new ScenarioException(sb.toString());
    }
    return new Builder(file, tree).build();
  }

  private static String pointer(ValidationMessage m) {
    StringBuilder sb = new StringBuilder();
    var loc = m.getInstanceLocation();
    for (int i = 0; i < loc.getNameCount(); i++) {
      sb.append('/').append(String.valueOf(loc.getElement(i)));
    }
    if ("additionalProperties".equals(m.getType()) && m.getProperty() != null) {
      sb.append('/').append(m.getProperty());
    }
    return sb.toString();
  }

  /** The field as a researcher reads it: {@code battery_share}, {@code feeders[1].limit_kw}. */
  private static String field(ValidationMessage m) {
    var loc = m.getInstanceLocation();
    StringBuilder sb = new StringBuilder();
    int from = 0;
    for (int i = 0; i < loc.getNameCount(); i++) {
      if (loc.getElement(i) instanceof Integer) {
        from = Math.max(0, i - 1);
      }
    }
    if (from == 0) {
      from = Math.max(0, loc.getNameCount() - 1);
    }
    for (int i = from; i < loc.getNameCount(); i++) {
      Object e = loc.getElement(i);
      if (e instanceof Integer n) {
        sb.append('[').append(n).append(']');
      } else {
        if (!sb.isEmpty()) {
          sb.append('.');
        }
        sb.append(e);
      }
    }
    return sb.isEmpty() ? "the scenario" : sb.toString();
  }

  private static String describe(ValidationMessage m) {
    String f = field(m);
    JsonNode value = m.getInstanceNode();
    JsonNode schema = m.getSchemaNode();
    String was = value == null ? "" : ", was " + shown(value);
    return switch (m.getType()) {
      case "additionalProperties" -> "unknown key '" + m.getProperty() + "' in " + f;
      case "required" -> f + " needs the key '" + m.getProperty() + "'";
      case "maximum" -> f + " must be <= " + schema.asText() + was;
      case "minimum" -> f + " must be >= " + schema.asText() + was;
      case "exclusiveMinimum" -> f + " must be > " + schema.asText() + was;
      case "exclusiveMaximum" -> f + " must be < " + schema.asText() + was;
      case "type" -> f + " must be of type " + schema.asText() + was;
      case "enum" -> f + " must be one of " + schema + was;
      case "pattern" -> f + " must match " + schema.asText() + was;
      case "minItems" -> f + " needs at least " + schema.asText() + " item(s)";
      default -> f + ": " + stripPath(m.getMessage());
    };
  }

  private static String shown(JsonNode v) {
    return v.isTextual() ? "'" + v.asText() + "'" : v.toString();
  }

  private static String stripPath(String message) {
    int colon = message.indexOf(": ");
    return colon > 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
  }

  /** The semantic checks and the conversion into typed values. */
  private static final class Builder {
    private final String file;
    private final YamlTree tree;
    private final JsonNode root;

    Builder(String file, YamlTree tree) {
      this.file = file;
      this.tree = tree;
      this.root = tree.root();
    }

    private ScenarioException error(String pointer, String text) {
      return new ScenarioException(file + ":" + tree.lineOf(pointer) + ": " + text);
    }

    private JsonNode at(String pointer) {
      return root.at(pointer);
    }

    private double number(String pointer, double fallback) {
      JsonNode n = at(pointer);
      return n.isMissingNode() || n.isNull() ? fallback : n.asDouble();
    }

    private String text(String pointer, String fallback) {
      JsonNode n = at(pointer);
      return n.isMissingNode() || n.isNull() ? fallback : n.asText();
    }

    private Range range(String pointer, double min, double max) {
      JsonNode n = at(pointer);
      if (n.isMissingNode()) {
        return new Range(min, max);
      }
      Range r = new Range(n.get("min").asDouble(), n.get("max").asDouble());
      if (r.min() > r.max()) {
        throw error(
            pointer + "/min",
            name(pointer) + ".min must be <= max (" + r.max() + "), was " + r.min());
      }
      return r;
    }

    private static String name(String pointer) {
      return pointer.substring(pointer.lastIndexOf('/') + 1);
    }

    private Instant instant(String pointer) {
      try {
        return Instant.parse(text(pointer, ""));
      } catch (DateTimeParseException e) {
        throw error(
            pointer,
            name(pointer)
                + " must be an ISO-8601 instant such as 2026-06-01T00:00:00Z, was '"
                + text(pointer, "")
                + "'");
      }
    }

    private Duration step() {
      String s = text("/clock/step", "").trim();
      Duration d;
      try {
        if (s.startsWith("PT")) {
          d = Duration.parse(s);
        } else if (s.endsWith("min")) {
          d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 3)));
        } else if (s.endsWith("m")) {
          d = Duration.ofMinutes(Long.parseLong(s.substring(0, s.length() - 1)));
        } else {
          d = Duration.ofHours(Long.parseLong(s.substring(0, s.length() - 1)));
        }
      } catch (RuntimeException e) {
        throw error("/clock/step", "step must be like 15m, 1h or PT15M, was '" + s + "'");
      }
      if (d.isZero()
          || d.toSeconds() % 60 != 0
          || d.toMinutes() > 60
          || Duration.ofDays(1).toSeconds() % d.toSeconds() != 0) {
        throw error(
            "/clock/step",
            "step must be whole minutes, at most 60, dividing a day exactly, was '" + s + "'");
      }
      return d;
    }

    Scenario build() {
      Instant start = instant("/clock/start");
      Instant end = instant("/clock/end");
      Duration step = step();
      if (!end.isAfter(start)) {
        throw error("/clock/end", "end must be after start (" + start + "), was " + end);
      }
      if (start.getEpochSecond() % step.toSeconds() != 0) {
        throw error("/clock/start", "start must be aligned to the step " + step + ", was " + start);
      }
      if (Duration.between(start, end).toSeconds() % step.toSeconds() != 0) {
        throw error("/clock/end", "end must be a whole number of steps after start, was " + end);
      }
      ZoneId zone;
      try {
        zone = ZoneId.of(text("/location/zone", "Europe/London"));
      } catch (DateTimeException e) {
        throw error("/location/zone", "zone must be a time zone id such as Europe/London");
      }
      List<FeederSpec> feeders = new ArrayList<>();
      java.util.Set<String> ids = new java.util.HashSet<>();
      JsonNode fs = at("/topology/feeders");
      for (int i = 0; i < fs.size(); i++) {
        JsonNode f = fs.get(i);
        String id = f.get("id").asText();
        if (!ids.add(id)) {
          throw error(
              "/topology/feeders/" + i + "/id", "feeders[" + i + "].id '" + id + "' appears twice");
        }
        feeders.add(new FeederSpec(id, f.get("limit_kw").asDouble(), f.get("prosumers").asInt()));
      }
      if (feeders.stream().mapToInt(FeederSpec::prosumers).sum() == 0) {
        throw error("/topology/feeders", "the feeders hold no prosumers");
      }
      double importLimit = number("/topology/connection/import_limit_kw", 15);
      double exportLimit = number("/topology/connection/export_limit_kw", 5);
      Population pop =
          new Population(
              range("/population/demand_kwh_per_year", 2000, 5000),
              number("/population/pv_share", 0),
              range("/population/pv_kwp", 3, 8),
              number("/population/battery_share", 0),
              range("/population/battery_kwh", 5, 13.5),
              number("/population/battery_c_rate", 0.5),
              number("/population/battery_round_trip_efficiency", 0.9),
              number("/population/wind_share", 0),
              range("/population/wind_kw", 1.5, 5),
              ev());
      Tariff tariff = tariff(zone);
      Strategy strategy = Strategy.valueOf(upper(text("/dispatch/strategy", "rules")));
      int horizonSteps = (int) number("/dispatch/horizon_steps", 96);
      int horizon =
          strategy == Strategy.OPTIMISER
              ? Math.max(1, Math.min(horizonSteps, (int) (86_400 / step.toSeconds())))
              : 1;
      ForecastMode forecastMode = ForecastMode.valueOf(upper(text("/forecasting/mode", "perfect")));
      return new Scenario(
          root.get("name").asText(),
          root.get("seed").asLong(),
          start,
          end,
          step,
          number("/location/latitude", 51.5),
          number("/location/longitude", -0.1),
          zone,
          root.at("/topology/transformer_limit_kw").asDouble(),
          importLimit,
          exportLimit,
          feeders,
          pop,
          DemandSource.valueOf(upper(text("/profiles/demand", "synthetic"))),
          number("/profiles/cloudiness", 0.5),
          number("/profiles/wind_speed_mean_ms", 5.5),
          tariff,
          Mechanism.valueOf(upper(text("/market/mechanism", "pay_as_clear"))),
          number("/market/crossing_fee_per_kwh", 0.01),
          number("/market/delivery_penalty_per_kwh", 0.05),
          strategy,
          horizonSteps,
          forecastMode,
          tribuo(forecastMode, step, horizon),
          Scenario.SettlementMode.valueOf(upper(text("/settlement/mode", "off"))),
          (int) number("/settlement/max_deltas_per_part", 2000),
          Scenario.PvSource.valueOf(upper(text("/profiles/pv", "synthetic"))),
          Scenario.WindSource.valueOf(upper(text("/profiles/wind", "synthetic"))));
    }

    /** The tribuo mode's settings, checked against what the forecasting engine needs. */
    private Scenario.Tribuo tribuo(ForecastMode mode, Duration step, int horizonSteps) {
      Scenario.Tribuo d = Scenario.Tribuo.DEFAULTS;
      if (mode != ForecastMode.TRIBUO) {
        // the keys are read by tribuo only; allowed otherwise so a sweep can switch the mode
        return d;
      }
      Duration every = d.retrainEvery();
      if (at("/forecasting").has("retrain_every")) {
        String t = text("/forecasting/retrain_every", "").trim();
        try {
          every =
              t.startsWith("P")
                  ? Duration.parse(t)
                  : t.endsWith("d")
                      ? Duration.ofDays(Long.parseLong(t.substring(0, t.length() - 1)))
                      : Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
        } catch (RuntimeException e) {
          throw error(
              "/forecasting/retrain_every",
              "retrain_every must be like 12h, 7d or P7D, was '" + t + "'");
        }
        if (every.isNegative()
            || every.toSeconds() < step.toSeconds()
            || every.toSeconds() % step.toSeconds() != 0
            || every.compareTo(Duration.ofDays(28)) > 0) {
          throw error(
              "/forecasting/retrain_every",
              "retrain_every must be a whole number of steps ("
                  + step
                  + "), at most 28 days, was '"
                  + t
                  + "'");
        }
      }
      // each training forecasts up to the next one plus the dispatch horizon
      Duration horizon = every.plus(step.multipliedBy(horizonSteps));
      long need = HistoryRequirement.minimum(horizon).toDays();
      int days = (int) number("/forecasting/history_days", d.historyDays());
      if (days < need) {
        throw error(
            at("/forecasting").has("history_days")
                ? "/forecasting/history_days"
                : "/forecasting/retrain_every",
            "history_days must be >= "
                + need
                + " for retrain_every "
                + every
                + " (the forecasting engine's backtest needs "
                + need
                + " days of history for a "
                + horizon
                + " horizon), was "
                + days);
      }
      List<Double> qs = new ArrayList<>();
      JsonNode q = at("/forecasting/quantiles");
      if (q.isMissingNode()) {
        qs.addAll(d.quantiles());
      } else {
        for (int i = 0; i < q.size(); i++) {
          double v = q.get(i).asDouble();
          if (!qs.isEmpty() && v <= qs.getLast()) {
            throw error(
                "/forecasting/quantiles/" + i,
                "quantiles must be ascending and distinct, " + v + " follows " + qs.getLast());
          }
          qs.add(v);
        }
      }
      return new Scenario.Tribuo(
          every,
          days,
          (int) number("/forecasting/trees", d.trees()),
          (int) number("/forecasting/max_rows", d.maxRows()),
          qs);
    }

    private Scenario.Ev ev() {
      Range charger = range("/population/ev_charger_kw", 3.7, 7.4);
      double share = number("/population/ev_share", 0);
      if (share > 0 && charger.min() <= 0) {
        throw error(
            "/population/ev_charger_kw/min",
            "ev_charger_kw.min must be > 0 when ev_share > 0, was " + charger.min());
      }
      LocalTime[] arrival = times("/population/ev_arrival", "17:00", "20:00");
      LocalTime[] departure = times("/population/ev_departure", "06:30", "08:30");
      return new Scenario.Ev(
          share,
          range("/population/ev_battery_kwh", 40, 75),
          charger,
          range("/population/ev_energy_kwh", 5, 15),
          arrival[0],
          arrival[1],
          departure[0],
          departure[1]);
    }

    /** A local-time range {from, to}; to may be before from (it then runs past midnight). */
    private LocalTime[] times(String pointer, String from, String to) {
      return new LocalTime[] {
        LocalTime.parse(text(pointer + "/from", from)), LocalTime.parse(text(pointer + "/to", to))
      };
    }

    private static String upper(String s) {
      return s.toUpperCase(Locale.ROOT);
    }

    private Tariff tariff(ZoneId zone) {
      JsonNode t = at("/tariff");
      List<TimeOfUseTariff.Band> bands = new ArrayList<>();
      String pointer = "/tariff";
      if (t.has("bands")) {
        if (t.has("import_per_kwh") || t.has("export_per_kwh")) {
          throw error(
              "/tariff/bands",
              "tariff: give either import_per_kwh/export_per_kwh or bands, not both");
        }
        JsonNode bs = t.get("bands");
        for (int i = 0; i < bs.size(); i++) {
          JsonNode b = bs.get(i);
          bands.add(
              new TimeOfUseTariff.Band(
                  LocalTime.parse(b.get("from").asText()),
                  b.get("import_per_kwh").asDouble(),
                  b.get("export_per_kwh").asDouble()));
        }
        pointer = "/tariff/bands";
      } else {
        bands.add(
            new TimeOfUseTariff.Band(
                LocalTime.MIDNIGHT,
                number("/tariff/import_per_kwh", 0.30),
                number("/tariff/export_per_kwh", 0.08)));
      }
      try {
        return new TimeOfUseTariff(zone, bands);
      } catch (TariffException e) {
        String where = pointer;
        String m = e.getMessage();
        if (!t.has("bands")) {
          where = "/tariff/export_per_kwh";
          m = m == null ? null : m.replaceFirst("^bands\\[0\\]\\.", "");
        } else if (m != null && m.startsWith("bands[")) {
          where = "/tariff/bands/" + m.substring(6, m.indexOf(']'));
        }
        throw error(where, "tariff: " + m);
      }
    }
  }
}

package org.gridweave.controller.service.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridweave.controller.console.LiveGrid;
import org.gridweave.controller.grid.Feeder;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.access.AuditLog;
import org.gridweave.controller.service.alarms.AlarmStore;
import org.gridweave.controller.service.dispatch.DispatchService;
import org.gridweave.controller.service.forecast.ForecastCache;
import org.gridweave.controller.service.grid.GridStore;
import org.gridweave.controller.service.grid.TariffStore;
import org.gridweave.controller.service.settlement.SettlementService;
import org.gridweave.controller.service.web.BadRequest;
import org.gridweave.controller.service.web.JsonBody;
import org.gridweave.controller.service.web.NotFound;
import org.gridweave.controller.service.web.Params;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.unit.Watts;

/** {@code /console}: the operator console's live grid, charts, controls and audit. */
@Path("/console")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "viewer"})
public class ConsoleResource {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject LiveFeed live;
  @Inject GridStore grids;
  @Inject ConsoleControls controls;
  @Inject AuditLog audit;
  @Inject AlarmStore alarms;
  @Inject DispatchService dispatch;
  @Inject ForecastCache forecasts;
  @Inject TariffStore tariffs;
  @Inject SettlementService settlement;
  @Inject ControllerConfig config;
  @Inject SecurityIdentity identity;
  @Inject Pool pool;
  @Inject Clock clock;

  @GET
  @Path("overview")
  public JsonObject overview() {
    LiveGrid.Snapshot s =
        live.latest()
            .orElseThrow(
                () -> new NotFound("no live grid yet: no grid model, or the service is starting"));
    return live.withStatus(LiveFeed.json(s, s.sites().values(), true, x -> true, true));
  }

  /** Server-Sent Events named {@code snapshot}: the live grid, first whole, then what changed. */
  @GET
  @Path("live")
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> live(@Context Sse sse) {
    return live.stream(x -> true, true).map(o -> LiveFeed.event(sse, live.withStatus(o)));
  }

  /** Where the browser checks settlement proofs; every logged-in role may ask. */
  @GET
  @Path("config")
  @io.quarkus.security.Authenticated
  public Map<String, Object> config() {
    Map<String, Object> out = new LinkedHashMap<>();
    boolean chain = config.settlement().enabled();
    out.put(
        "chain_rpc_url",
        chain ? config.console().chainRpcUrl().orElse(config.settlement().rpcUrl()) : null);
    out.put("contract", chain ? settlement.contractAddress().orElse(null) : null);
    out.put("interval_seconds", config.interval().toSeconds());
    out.put("currency", config.console().currency());
    return out;
  }

  // ---- charts ---------------------------------------------------------------------------------

  /** Per interval: demand, generation, forecast bands, feeder nets, prices. */
  @GET
  @Path("series")
  public Map<String, Object> series(@QueryParam("from") String from, @QueryParam("to") String to) {
    long step = config.interval().toSeconds();
    Instant end = to == null ? clock.instant() : Params.instant("to", to);
    Instant start = from == null ? end.minus(Duration.ofHours(24)) : Params.instant("from", from);
    if (!start.isBefore(end)) {
      throw new BadRequest("from", "must be before to");
    }
    if (Duration.between(start, end).compareTo(Duration.ofDays(7)) > 0) {
      throw new BadRequest("from", "at most 7 days between from and to");
    }
    long first = Math.floorDiv(start.getEpochSecond(), step) * step;
    int n = (int) Math.max(1, (end.getEpochSecond() - first + step - 1) / step);
    GridModel grid =
        grids
            .current()
            .await()
            .atMost(TIMEOUT)
            .map(GridStore.Revision::grid)
            .orElseThrow(() -> new NotFound("no grid model yet"));
    Double[] demand = new Double[n];
    Double[] generation = new Double[n];
    Double[] pv = new Double[n];
    Double[] wind = new Double[n];
    Map<String, Double[]> feederNet = new LinkedHashMap<>();
    for (Feeder f : grid.feeders()) {
      feederNet.put(f.id().value(), new Double[n]);
    }
    String[] meters = grid.sites().stream().map(s -> s.meter().value()).toArray(String[]::new);
    String[] feeders = grid.sites().stream().map(s -> s.feeder().value()).toArray(String[]::new);
    for (Row r :
        pool.preparedQuery(
                "SELECT e.interval_start, g.feeder, sum(e.import_wh) AS imp, sum(e.export_wh) AS exp,"
                    + " sum(COALESCE(e.pv_wh, 0)) AS pv, sum(COALESCE(e.wind_wh, 0)) AS wind,"
                    + " sum(COALESCE(e.battery_charge_wh, 0)) AS ch,"
                    + " sum(COALESCE(e.battery_discharge_wh, 0)) AS dis"
                    + " FROM interval_energy e JOIN unnest($1::text[], $2::text[]) AS g(meter, feeder)"
                    + " ON g.meter = e.meter_id WHERE e.interval_seconds = $3"
                    + " AND e.interval_start >= $4 AND e.interval_start < $5"
                    + " GROUP BY 1, 2")
            .execute(
                Tuple.of(meters, feeders, (int) step, utc(Instant.ofEpochSecond(first)), utc(end)))
            .await()
            .atMost(TIMEOUT)) {
      int i = (int) ((r.getOffsetDateTime("interval_start").toEpochSecond() - first) / step);
      if (i < 0 || i >= n) {
        continue;
      }
      double imp = r.getDouble("imp");
      double exp = r.getDouble("exp");
      double p = r.getDouble("pv");
      double w = r.getDouble("wind");
      double use = imp - exp + p + w + r.getDouble("dis") - r.getDouble("ch");
      demand[i] = add(demand[i], use);
      generation[i] = add(generation[i], p + w);
      pv[i] = add(pv[i], p);
      wind[i] = add(wind[i], w);
      Double[] f = feederNet.get(r.getString("feeder"));
      if (f != null) {
        f[i] = add(f[i], imp - exp);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step_seconds", step);
    List<String> intervals = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      intervals.add(Instant.ofEpochSecond(first + i * step).toString());
    }
    out.put("intervals", intervals);
    out.put("demand_wh", round(demand));
    out.put("generation_wh", round(generation));
    out.put("pv_wh", round(pv));
    out.put("wind_wh", round(wind));
    Map<String, Object> fc = new LinkedHashMap<>();
    fc.put("demand", band(grid, "demand", first, step, n));
    fc.put("generation", generationBand(grid, first, step, n));
    out.put("forecast", fc);
    List<Map<String, Object>> fl = new ArrayList<>();
    for (Feeder f : grid.feeders()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", f.id().value());
      m.put("limit_wh", f.limit().value() * step / 3600.0);
      m.put("net_wh", round(feederNet.get(f.id().value())));
      fl.add(m);
    }
    out.put("feeders", fl);
    out.put("price", prices(first, step, n, end));
    return out;
  }

  private Map<String, Object> band(GridModel grid, String kind, long first, long step, int n) {
    Double[][] sum = new Double[3][n];
    for (Site s : grid.sites()) {
      addBand(sum, ForecastCache.meterTarget(kind, s.meter().value()), first, step, n);
    }
    return bandJson(sum);
  }

  private Map<String, Object> generationBand(GridModel grid, long first, long step, int n) {
    Double[][] sum = new Double[3][n];
    for (Site s : grid.sites()) {
      if (s.hasPv()) {
        addBand(sum, ForecastCache.meterTarget("pv", s.meter().value()), first, step, n);
      }
      if (s.hasWind()) {
        addBand(sum, ForecastCache.meterTarget("wind", s.meter().value()), first, step, n);
      }
    }
    return bandJson(sum);
  }

  private void addBand(Double[][] sum, String target, long first, long step, int n) {
    Optional<ForecastCache.Band> b = forecasts.band(target);
    if (b.isEmpty() || b.get().step().toSeconds() != step) {
      return;
    }
    long offset = (b.get().first().getEpochSecond() - first);
    if (offset % step != 0) {
      return;
    }
    int shift = (int) (offset / step);
    for (int t = 0; t < b.get().p50().length; t++) {
      int i = t + shift;
      if (i >= 0 && i < n) {
        sum[0][i] = add(sum[0][i], b.get().p10()[t]);
        sum[1][i] = add(sum[1][i], b.get().p50()[t]);
        sum[2][i] = add(sum[2][i], b.get().p90()[t]);
      }
    }
  }

  private static Map<String, Object> bandJson(Double[][] sum) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("p10", round(sum[0]));
    m.put("p50", round(sum[1]));
    m.put("p90", round(sum[2]));
    return m;
  }

  private Map<String, Object> prices(long first, long step, int n, Instant end) {
    Double[] clearing = new Double[n];
    for (Row r :
        pool.preparedQuery(
                "SELECT interval_start, price_micros FROM controller.clearing"
                    + " WHERE interval_start >= $1 AND interval_start < $2")
            .execute(Tuple.of(utc(Instant.ofEpochSecond(first)), utc(end)))
            .await()
            .atMost(TIMEOUT)) {
      Long p = r.getLong("price_micros");
      int i = (int) ((r.getOffsetDateTime("interval_start").toEpochSecond() - first) / step);
      if (p != null && i >= 0 && i < n) {
        clearing[i] = p / 1e6;
      }
    }
    Double[] imp = new Double[n];
    Double[] exp = new Double[n];
    try {
      var tariff = tariffs.current().await().atMost(TIMEOUT).tariff();
      for (int i = 0; i < n; i++) {
        Instant t = Instant.ofEpochSecond(first + i * step);
        imp[i] = tariff.importPerKwh(t);
        exp[i] = tariff.exportPerKwh(t);
      }
    } catch (RuntimeException noTariff) {
      // no tariff stored, or one that does not cover the range: the prices stay null
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("clearing_per_kwh", java.util.Arrays.asList(clearing));
    m.put("import_per_kwh", java.util.Arrays.asList(imp));
    m.put("export_per_kwh", java.util.Arrays.asList(exp));
    return m;
  }

  private static Double add(Double a, double b) {
    return a == null ? b : a + b;
  }

  private static List<Double> round(Double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    for (Double d : v) {
      out.add(d == null ? null : Math.round(d * 10) / 10.0);
    }
    return out;
  }

  // ---- controls -------------------------------------------------------------------------------

  @GET
  @Path("controls")
  public Map<String, Object> controls() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("market_paused", controls.marketPaused());
    List<Map<String, Object>> cs = new ArrayList<>();
    for (ConsoleControls.Curtailment c : controls.curtailments(clock.instant())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("site", c.site());
      m.put("pv_curtail_pct", c.pvCurtailPct());
      m.put("until", c.until().toString());
      m.put("by", c.by());
      m.put("reason", c.reason());
      cs.add(m);
    }
    out.put("curtailments", cs);
    return out;
  }

  @POST
  @Path("controls/feeder-limit")
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> feederLimit(String body) {
    JsonNode o = JsonBody.object(body, Set.of("feeder", "limit_kw", "reason"));
    String reason = JsonBody.reason(o);
    String feeder = JsonBody.requiredText(o, "feeder");
    if (!o.path("limit_kw").isNumber()) {
      throw new BadRequest("limit_kw", "is required: the feeder's new limit in kW");
    }
    double kw = o.get("limit_kw").asDouble();
    if (!(kw > 0) || kw > 1_000_000 || Double.isInfinite(kw)) {
      throw new BadRequest("limit_kw", "must be above 0 and at most 1,000,000 kW, was " + kw);
    }
    GridStore.Revision r =
        grids
            .current()
            .await()
            .atMost(TIMEOUT)
            .orElseThrow(() -> new NotFound("no grid model yet"));
    GridModel g = r.grid();
    Feeder old =
        g.feeders().stream()
            .filter(f -> f.id().value().equals(feeder))
            .findFirst()
            .orElseThrow(() -> new NotFound("no feeder " + feeder));
    List<Feeder> feeders = new ArrayList<>();
    for (Feeder f : g.feeders()) {
      feeders.add(f == old ? new Feeder(FeederId.of(feeder), Watts.kilowatts(kw)) : f);
    }
    GridModel changed = new GridModel(g.zone(), g.transformerLimit(), feeders, g.sites());
    GridStore.Revision saved =
        grids
            .replace(
                changed,
                "console: feeder limit by " + identity.getPrincipal().getName(),
                feeder,
                r.revision())
            .await()
            .atMost(TIMEOUT);
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("from_kw", old.limit().value() / 1000.0);
    detail.put("to_kw", kw);
    detail.put("revision", saved.revision());
    long id = audit.record(identity, "feeder_limit_changed", feeder, reason, detail);
    return result(id, detail);
  }

  @POST
  @Path("controls/curtail")
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> curtail(String body) {
    JsonNode o = JsonBody.object(body, Set.of("site", "pv_curtail_pct", "minutes", "reason"));
    String reason = JsonBody.reason(o);
    String site = JsonBody.requiredText(o, "site");
    if (!o.path("pv_curtail_pct").isNumber()) {
      throw new BadRequest("pv_curtail_pct", "is required: 0 to 100");
    }
    double pct = o.get("pv_curtail_pct").asDouble();
    if (!(pct >= 0 && pct <= 100)) {
      throw new BadRequest("pv_curtail_pct", "must be 0 to 100, was " + pct);
    }
    if (!o.path("minutes").canConvertToInt() || !o.path("minutes").isIntegralNumber()) {
      throw new BadRequest("minutes", "is required: a whole number of minutes, 1 to 1440");
    }
    int minutes = o.get("minutes").asInt();
    if (minutes < 1 || minutes > 1440) {
      throw new BadRequest("minutes", "must be 1 to 1440, was " + minutes);
    }
    GridModel g =
        grids
            .current()
            .await()
            .atMost(TIMEOUT)
            .map(GridStore.Revision::grid)
            .orElseThrow(() -> new NotFound("no grid model yet"));
    Site s =
        g.sites().stream()
            .filter(x -> x.id().value().equals(site))
            .findFirst()
            .orElseThrow(() -> new NotFound("no site " + site));
    if (!s.hasPv()) {
      throw new BadRequest("site", "site " + site + " has no PV to curtail");
    }
    Instant until = clock.instant().plus(Duration.ofMinutes(minutes));
    long id = controls.curtail(site, pct, until, identity, reason);
    redispatchQuietly();
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("site", site);
    detail.put("pv_curtail_pct", pct);
    detail.put("until", until.toString());
    return result(id, detail);
  }

  @DELETE
  @Path("controls/curtail/{site}")
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> endCurtailment(@PathParam("site") String site, String body) {
    JsonNode o = JsonBody.object(body == null || body.isBlank() ? "{}" : body, Set.of("reason"));
    String reason = JsonBody.reason(o);
    long id =
        controls
            .endCurtailment(site, identity, reason)
            .orElseThrow(() -> new NotFound("site " + site + " is not curtailed"));
    redispatchQuietly();
    return result(id, Map.of("site", site));
  }

  @POST
  @Path("controls/market")
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> market(String body) {
    JsonNode o = JsonBody.object(body, Set.of("paused", "reason"));
    String reason = JsonBody.reason(o);
    if (!o.path("paused").isBoolean()) {
      throw new BadRequest("paused", "is required: true to pause, false to resume");
    }
    boolean paused = o.get("paused").asBoolean();
    long id = controls.setMarketPaused(paused, identity, reason);
    return result(id, Map.of("market_paused", paused));
  }

  @POST
  @Path("controls/redispatch")
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> redispatch(String body) {
    JsonNode o = JsonBody.object(body, Set.of("reason"));
    String reason = JsonBody.reason(o);
    var decision = dispatch.runNow().orElseThrow(() -> new NotFound("no grid model yet"));
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("interval", decision.interval().start().toString());
    detail.put("mode", decision.mode().name());
    detail.put("reason", decision.reason());
    long id = audit.record(identity, "redispatched", "dispatch", reason, detail);
    return result(id, detail);
  }

  private void redispatchQuietly() {
    try {
      dispatch.runNow();
    } catch (RuntimeException e) {
      // the next scheduled cycle applies it; the curtailment itself is stored and audited
    }
  }

  @GET
  @Path("audit")
  public List<JsonObject> audit(@QueryParam("limit") @DefaultValue("100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new BadRequest("limit", "must be 1..1000, was " + limit);
    }
    return audit.recent(limit);
  }

  private static Map<String, Object> result(long auditId, Map<String, Object> detail) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("audit_id", auditId);
    out.putAll(detail);
    return out;
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}

package org.gridweave.controller.service.dispatch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.gridweave.controller.dispatch.Decision;

/** One decision per interval ({@code controller.decision}); a re-dispatch replaces it. */
@ApplicationScoped
public class DecisionStore {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  static final ObjectMapper JSON =
      new ObjectMapper()
          .registerModule(new JavaTimeModule())
          .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
          .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

  @Inject Pool pool;
  @Inject org.gridweave.controller.service.leader.LeaderGate leader;

  /**
   * Stores (blocking) and returns the decision's revision for its interval, in one transaction
   * behind the leader's fence: a controller that no longer leads gets {@link
   * org.gridweave.controller.service.leader.NotLeader} and nothing is stored.
   */
  public int save(Decision d) {
    String bindings;
    String sites;
    try {
      bindings = JSON.writeValueAsString(d.bindings());
      sites = JSON.writeValueAsString(d.sites().stream().map(DecisionStore::siteJson).toList());
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    Tuple values =
        Tuple.from(
            new Object[] {
              at(d.interval().start()),
              (int) d.interval().length().toSeconds(),
              d.mode().name(),
              d.reason(),
              at(d.decidedAt()),
              finite(d.costOverHorizon()),
              finite(d.limitExcessKw()),
              d.solveMillis(),
              bindings,
              sites,
              leader.recordedEpoch(),
              leader.instance()
            });
    return pool.withTransaction(c ->
            leader
                .fence(c, "dispatch")
                .chain(() ->
                    c.preparedQuery(
                            "INSERT INTO controller.decision (interval_start, interval_seconds, revision, mode,"
                                + " reason, decided_at, cost, limit_excess_kw, solve_ms, bindings, sites, epoch,"
                                + " decided_by) VALUES ($1, $2, 1, $3, $4, $5, $6, $7, $8, $9::text::jsonb,"
                                + " $10::text::jsonb, $11, $12) ON CONFLICT (interval_start) DO UPDATE SET"
                                + " revision = controller.decision.revision + 1, mode = EXCLUDED.mode,"
                                + " reason = EXCLUDED.reason, decided_at = EXCLUDED.decided_at,"
                                + " cost = EXCLUDED.cost, limit_excess_kw = EXCLUDED.limit_excess_kw,"
                                + " solve_ms = EXCLUDED.solve_ms, bindings = EXCLUDED.bindings,"
                                + " sites = EXCLUDED.sites, epoch = EXCLUDED.epoch,"
                                + " decided_by = EXCLUDED.decided_by RETURNING revision")
                        .execute(values)))
        .await()
        .atMost(TIMEOUT)
        .iterator()
        .next()
        .getInteger("revision");
  }

  /** When the interval was last decided (by any controller), if it was. */
  public Optional<Instant> decidedAt(Instant intervalStart) {
    var rows =
        pool.preparedQuery("SELECT decided_at FROM controller.decision WHERE interval_start = $1")
            .execute(Tuple.of(at(intervalStart)))
            .await()
            .atMost(TIMEOUT);
    return rows.size() == 0
        ? Optional.empty()
        : Optional.of(rows.iterator().next().getOffsetDateTime("decided_at").toInstant());
  }

  private static double finite(double v) {
    return Double.isFinite(v) ? v : 0;
  }

  private static java.util.Map<String, Object> siteJson(
      org.gridweave.controller.dispatch.SiteDecision s) {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("site", s.site().value());
    m.put("meter", s.meter().value());
    m.put("charge_kw", round(s.chargeKw()));
    m.put("discharge_kw", round(s.dischargeKw()));
    m.put("curtail_kw", round(s.curtailKw()));
    m.put("curtail_pct", round(s.curtailPct()));
    m.put("flex_kw", round(s.flexKw()));
    m.put("flex_defer_kw", round(s.flexDeferKw()));
    m.put("import_kw", round(s.importKw()));
    m.put("export_kw", round(s.exportKw()));
    m.put("battery_kwh_after", round(s.batteryKwhAfter()));
    m.put("sentence", s.sentence());
    return m;
  }

  private static double round(double v) {
    return Math.round(v * 1000) / 1000.0;
  }

  public Uni<Optional<JsonObject>> find(Instant intervalStart) {
    return pool.preparedQuery("SELECT * FROM controller.decision WHERE interval_start = $1")
        .execute(Tuple.of(at(intervalStart)))
        .map(rows ->
            rows.size() == 0 ? Optional.empty() : Optional.of(json(rows.iterator().next())));
  }

  /** The newest decisions first (the console's dispatch timeline). */
  public Uni<java.util.List<JsonObject>> recent(int limit) {
    return pool.preparedQuery(
            "SELECT * FROM controller.decision ORDER BY interval_start DESC LIMIT $1")
        .execute(Tuple.of(limit))
        .map(rows -> {
          java.util.List<JsonObject> out = new java.util.ArrayList<>();
          rows.forEach(r -> out.add(json(r)));
          return out;
        });
  }

  public Uni<Optional<JsonObject>> latest() {
    return pool.query("SELECT * FROM controller.decision ORDER BY interval_start DESC LIMIT 1")
        .execute()
        .map(rows ->
            rows.size() == 0 ? Optional.empty() : Optional.of(json(rows.iterator().next())));
  }

  private static JsonObject json(Row r) {
    Instant start = r.getOffsetDateTime("interval_start").toInstant();
    return new JsonObject()
        .put("interval", start.toString())
        .put("interval_end", start.plusSeconds(r.getInteger("interval_seconds")).toString())
        .put("revision", r.getInteger("revision"))
        .put("mode", r.getString("mode"))
        .put("reason", r.getString("reason"))
        .put("decided_at", r.getOffsetDateTime("decided_at").toInstant().toString())
        .put("cost_over_horizon", r.getDouble("cost"))
        .put("limit_excess_kw", r.getDouble("limit_excess_kw"))
        .put("solve_ms", r.getLong("solve_ms"))
        .put("bindings", new JsonArray(r.getValue("bindings").toString()))
        .put("sites", new JsonArray(r.getValue("sites").toString()))
        .put("epoch", r.getLong("epoch"))
        .put("decided_by", r.getString("decided_by"));
  }

  static OffsetDateTime at(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}

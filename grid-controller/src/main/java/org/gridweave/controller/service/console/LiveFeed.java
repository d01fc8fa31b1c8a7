package org.gridweave.controller.service.console;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.function.Predicate;
import org.gridweave.controller.console.LiveGrid;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.alarms.AlarmStore;
import org.gridweave.controller.service.grid.GridStore;
import org.gridweave.controller.service.schema.SchemaMigrator;
import org.jboss.logging.Logger;

/**
 * The live grid for the console: reads the telemetry the gateway stored since the last look (every
 * {@code console.live-poll}), keeps {@link LiveGrid} current, and pushes what changed to every open
 * stream. Only telemetry the gateway accepted (signature, sequence, ranges) is shown.
 */
@ApplicationScoped
public class LiveFeed {
  private static final Logger LOG = Logger.getLogger(LiveFeed.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** Messages committed out of order by concurrent gateway writers are caught by looking back. */
  private static final Duration OVERLAP = Duration.ofSeconds(2);

  @Inject Pool pool;
  @Inject GridStore grids;
  @Inject ControllerConfig config;
  @Inject SchemaMigrator schema;
  @Inject Clock clock;
  @Inject AlarmStore alarms;
  @Inject ConsoleControls controls;

  private final LiveGrid live = new LiveGrid();
  private final BroadcastProcessor<Update> updates = BroadcastProcessor.create();
  private volatile LiveGrid.Snapshot last;
  private volatile boolean running = true;
  private OffsetDateTime cursor;

  /** The operator's status line, refreshed every {@link #STATUS_EVERY} looks (not per event). */
  private static final int STATUS_EVERY = 25;

  private int looks;
  private volatile long openAlarms;
  private volatile boolean marketPaused;

  /** A snapshot and the sites that changed since the one before. */
  public record Update(LiveGrid.Snapshot snapshot, List<LiveGrid.SiteNow> changed) {}

  void start(@Observes StartupEvent event) {
    Thread.ofVirtual().name("console-live").start(this::loop);
  }

  void stop(@Observes ShutdownEvent event) {
    running = false;
    updates.onComplete();
  }

  private void loop() {
    while (running) {
      try {
        if (schema.migrated()) {
          if (looks++ % STATUS_EVERY == 0) {
            openAlarms = alarms.openCount();
            marketPaused = controls.marketPaused();
          }
          poll();
        }
      } catch (RuntimeException e) {
        LOG.debugf("live: %s", e.getMessage()); // database away: the next look catches up
      }
      try {
        Thread.sleep(config.console().livePoll().toMillis());
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void poll() {
    Optional<GridStore.Revision> grid = grids.current().await().atMost(TIMEOUT);
    if (grid.isEmpty()) {
      return;
    }
    GridModel model = grid.get().grid();
    Iterable<Row> rows;
    synchronized (live) {
      if (cursor == null) {
        cursor = dbNow();
        rows =
            pool.preparedQuery(
                    "SELECT DISTINCT ON (meter_id) * FROM reading WHERE meter_id = ANY($1)"
                        + " AND ts > $2 ORDER BY meter_id, ts DESC")
                .execute(
                    Tuple.of(
                        model.sites().stream().map(s -> s.meter().value()).toArray(String[]::new),
                        cursor.minusHours(1)))
                .await()
                .atMost(TIMEOUT);
      } else {
        rows =
            pool.preparedQuery(
                    "SELECT r.*, m.stored_at FROM telemetry_message m JOIN reading r"
                        + " ON r.meter_id = m.meter_id AND r.ts BETWEEN m.first_ts AND m.last_ts"
                        + " WHERE m.stored_at > $1 ORDER BY r.ts")
                .execute(Tuple.of(cursor.minus(OVERLAP)))
                .await()
                .atMost(TIMEOUT);
      }
      for (Row r : rows) {
        live.apply(reading(r));
        if (r.getColumnIndex("stored_at") >= 0) {
          OffsetDateTime stored = r.getOffsetDateTime("stored_at");
          if (stored.isAfter(cursor)) {
            cursor = stored;
          }
        }
      }
      LiveGrid.Snapshot now =
          live.snapshot(model, clock.instant(), config.console().offlineAfter());
      List<LiveGrid.SiteNow> changed = now.changedSince(last);
      boolean aggregates = last == null || !sameAggregates(now, last);
      last = now;
      if (!changed.isEmpty() || aggregates) {
        updates.onNext(new Update(now, changed));
      }
    }
  }

  private OffsetDateTime dbNow() {
    return pool.query("SELECT now() AS t")
        .execute()
        .await()
        .atMost(TIMEOUT)
        .iterator()
        .next()
        .getOffsetDateTime("t");
  }

  private static boolean sameAggregates(LiveGrid.Snapshot a, LiveGrid.Snapshot b) {
    return a.feeders().equals(b.feeders())
        && a.transformerNetW() == b.transformerNetW()
        && a.pvW() == b.pvW()
        && a.windW() == b.windW();
  }

  private static LiveGrid.Reading reading(Row r) {
    return new LiveGrid.Reading(
        r.getString("meter_id"),
        r.getOffsetDateTime("ts").toInstant(),
        r.getDouble("power_import_w"),
        r.getDouble("power_export_w"),
        optional(r, "energy_pv_wh"),
        optional(r, "energy_wind_wh"),
        optional(r, "energy_battery_charge_wh"),
        optional(r, "energy_battery_discharge_wh"),
        optional(r, "battery_soc_pct"));
  }

  private static OptionalDouble optional(Row r, String column) {
    Double v = r.getDouble(column);
    return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
  }

  /** Adds the operator's status: alarms not yet acknowledged, and whether the market is paused. */
  public JsonObject withStatus(JsonObject o) {
    return o.put("open_alarms", openAlarms).put("market_paused", marketPaused);
  }

  /** The newest snapshot, if the grid and telemetry have been read yet. */
  public Optional<LiveGrid.Snapshot> latest() {
    return Optional.ofNullable(last);
  }

  /** A stream of updates: the first one full, then what changed. */
  public Multi<JsonObject> stream(Predicate<String> sites, boolean grid) {
    Multi<JsonObject> first =
        Multi.createFrom()
            .optional(() -> latest().map(s -> json(s, s.sites().values(), true, sites, grid)));
    Multi<JsonObject> rest = updates.map(u -> json(u.snapshot(), u.changed(), false, sites, grid));
    return Multi.createBy().concatenating().streams(first, rest);
  }

  /** One SSE event named {@code snapshot} carrying the document as JSON text. */
  public static jakarta.ws.rs.sse.OutboundSseEvent event(jakarta.ws.rs.sse.Sse sse, JsonObject o) {
    return sse.newEventBuilder()
        .name("snapshot")
        .mediaType(jakarta.ws.rs.core.MediaType.TEXT_PLAIN_TYPE)
        .data(String.class, o.encode())
        .build();
  }

  /** The console's live document (docs/console-api.md). */
  public static JsonObject json(
      LiveGrid.Snapshot s,
      Collection<LiveGrid.SiteNow> sites,
      boolean full,
      Predicate<String> visible,
      boolean grid) {
    JsonObject o = new JsonObject().put("at", s.at().toString()).put("full", full);
    if (grid) {
      o.put(
          "transformer",
          new JsonObject()
              .put("import_w", s.importW())
              .put("export_w", s.exportW())
              .put("limit_w", s.transformerLimitW())
              .put("pct", round(s.transformerPct())));
      JsonArray feeders = new JsonArray();
      for (LiveGrid.FeederNow f : s.feeders()) {
        feeders.add(
            new JsonObject()
                .put("id", f.id())
                .put("net_w", round(f.netW()))
                .put("limit_w", f.limitW())
                .put("pct", round(f.pct()))
                .put("sites", f.sites())
                .put("stale", f.stale()));
      }
      o.put("feeders", feeders)
          .put(
              "generation",
              new JsonObject().put("pv_w", round(s.pvW())).put("wind_w", round(s.windW())))
          .put(
              "battery",
              new JsonObject()
                  .put("sites", s.batterySites())
                  .put(
                      "soc_pct",
                      s.batterySocPct().isPresent() ? round(s.batterySocPct().getAsDouble()) : null)
                  .put("charge_w", round(s.chargeW()))
                  .put("discharge_w", round(s.dischargeW())));
    }
    JsonArray out = new JsonArray();
    for (LiveGrid.SiteNow n : sites) {
      if (visible.test(n.site())) {
        out.add(site(n));
      }
    }
    return o.put("sites", out);
  }

  static JsonObject site(LiveGrid.SiteNow n) {
    return new JsonObject()
        .put("site", n.site())
        .put("meter", n.meter())
        .put("feeder", n.feeder())
        .put("net_w", round(n.netW()))
        .put("import_w", round(n.importW()))
        .put("export_w", round(n.exportW()))
        .put("pv_w", round(n.pvW()))
        .put("wind_w", round(n.windW()))
        .put("charge_w", round(n.chargeW()))
        .put("discharge_w", round(n.dischargeW()))
        .put("soc_pct", n.socPct().isPresent() ? round(n.socPct().getAsDouble()) : null)
        .put("ts", n.ts().toString())
        .put("stale", n.stale());
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }
}

package org.gridweave.controller.service.console;

import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Optional;
import org.gridweave.controller.console.LiveGrid;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.alarms.AlarmStore;
import org.gridweave.controller.service.forecast.ForecastCache;
import org.gridweave.controller.service.grid.GridStore;
import org.gridweave.controller.service.schema.SchemaMigrator;
import org.gridweave.core.time.Interval;
import org.jboss.logging.Logger;

/**
 * Raises the console's alarms from what the controller sees: a feeder over its limit now, a meter
 * silent for longer than {@code console.offline-after} (once per outage), a burst of telemetry the
 * gateway refused, and forecasts older than {@code console.forecast-stale-after}.
 */
@ApplicationScoped
public class AlarmWatch {
  private static final Logger LOG = Logger.getLogger(AlarmWatch.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject LiveFeed live;
  @Inject GridStore grids;
  @Inject AlarmStore alarms;
  @Inject ForecastCache forecasts;
  @Inject ControllerConfig config;
  @Inject SchemaMigrator schema;
  @Inject Pool pool;
  @Inject Clock clock;
  @Inject org.gridweave.controller.service.leader.LeaderGate leader;

  private Instant started;
  private final java.util.Set<String> raised = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Raises an alarm once per kind, subject and interval (the table keeps it once anyway). */
  private void raise(String kind, String subject, Instant now, Instant interval, String detail) {
    if (raised.size() > 100_000) {
      raised.clear();
    }
    if (raised.add(kind + '|' + subject + '|' + interval)) {
      alarms.raise(kind, subject, now, interval, detail);
    }
  }

  @Scheduled(
      every = "{gridweave.controller.console.watch-every}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void watch() {
    if (!schema.migrated()) {
      return;
    }
    Optional<GridModel> grid =
        grids.current().await().atMost(TIMEOUT).map(GridStore.Revision::grid);
    Optional<LiveGrid.Snapshot> snapshot = live.latest();
    if (grid.isEmpty() || snapshot.isEmpty()) {
      return;
    }
    Instant now = clock.instant();
    if (started == null) {
      started = now;
    }
    if (!leader.acting()) {
      return; // the leader raises them (once: alarms are unique per kind, subject and interval)
    }
    Instant interval = Interval.containing(now, config.interval()).start();
    step("feeders", () -> feeders(snapshot.get(), now, interval));
    step("meters", () -> meters(grid.get(), snapshot.get(), now));
    step("rejections", () -> rejections(now, interval));
    step("forecasts", () -> forecasts(grid.get(), now, interval));
  }

  private static void step(String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.warnf("alarm watch (%s) failed: %s", what, e.getMessage());
    }
  }

  private void feeders(LiveGrid.Snapshot s, Instant now, Instant interval) {
    for (LiveGrid.FeederNow f : s.feeders()) {
      if (f.overloaded()) {
        raise(
            "feeder_overload",
            f.id(),
            now,
            interval,
            String.format(
                Locale.ROOT,
                "feeder %s carries %.1f kW, %.0f %% of its %.1f kW limit (%s)",
                f.id(),
                Math.abs(f.netW()) / 1000,
                f.pct(),
                f.limitW() / 1000,
                f.netW() > 0 ? "import" : "reverse flow"));
      }
    }
  }

  private void meters(GridModel grid, LiveGrid.Snapshot s, Instant now) {
    Duration after = config.console().offlineAfter();
    for (Site site : grid.sites()) {
      LiveGrid.SiteNow n = s.sites().get(site.id().value());
      if (n != null && n.stale()) {
        // one alarm per outage: keyed by the last reading's time
        raise(
            "meter_offline",
            site.meter().value(),
            now,
            n.ts(),
            "meter "
                + site.meter().value()
                + " of site "
                + site.id().value()
                + " has sent nothing since "
                + n.ts());
      } else if (n == null && Duration.between(started, now).compareTo(after) > 0) {
        raise(
            "meter_offline",
            site.meter().value(),
            now,
            started,
            "meter "
                + site.meter().value()
                + " of site "
                + site.id().value()
                + " has sent no reading in the last hour");
      }
    }
  }

  private void rejections(Instant now, Instant interval) {
    Row r =
        pool.preparedQuery(
                "SELECT count(*) AS n, count(DISTINCT meter_id) AS meters,"
                    + " mode() WITHIN GROUP (ORDER BY reason) AS reason"
                    + " FROM rejection WHERE received_at > $1")
            .execute(Tuple.of(OffsetDateTime.ofInstant(now.minusSeconds(60), ZoneOffset.UTC)))
            .await()
            .atMost(TIMEOUT)
            .iterator()
            .next();
    long n = r.getLong("n");
    if (n >= config.console().rejectionBurst()) {
      raise(
          "telemetry_rejections",
          "gateway",
          now,
          interval,
          n
              + " telemetry messages refused in the last minute from "
              + r.getLong("meters")
              + " meter(s); most often "
              + r.getString("reason"));
    }
  }

  private void forecasts(GridModel grid, Instant now, Instant interval) {
    Duration limit = config.console().forecastStaleAfter();
    int stale = 0;
    int missing = 0;
    for (Site s : grid.sites()) {
      Optional<Instant> issued =
          forecasts.issuedAt(ForecastCache.meterTarget("demand", s.meter().value()));
      if (issued.isEmpty()) {
        missing++;
      } else if (Duration.between(issued.get(), now).compareTo(limit) > 0) {
        stale++;
      }
    }
    boolean upLongEnough = Duration.between(started, now).compareTo(limit) > 0;
    if (stale > 0 || (missing > 0 && upLongEnough)) {
      raise(
          "forecast_stale",
          "forecasts",
          now,
          interval,
          stale
              + " site(s) with a forecast older than "
              + limit.toHours()
              + " h and "
              + missing
              + " without any: their plans run on measurements only");
    }
  }
}

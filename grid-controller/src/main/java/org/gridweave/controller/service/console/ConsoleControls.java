package org.gridweave.controller.service.console;

import io.quarkus.security.identity.SecurityIdentity;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.controller.service.access.AuditLog;
import org.gridweave.controller.service.web.Transactions;

/**
 * The operator's standing controls, kept in PostgreSQL and read from memory: the market's pause,
 * and PV curtailments of single sites that every plan keeps until they end. Each change is written
 * with its audit row in one transaction.
 */
@ApplicationScoped
public class ConsoleControls {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  /** A site's PV held at most at {@code 100 - pvCurtailPct} % until {@code until}. */
  public record Curtailment(
      String site, double pvCurtailPct, Instant until, String by, String reason) {}

  @Inject Pool pool;
  @Inject AuditLog audit;
  @Inject Clock clock;

  /**
   * How long a read of the controls is reused: other controllers (ADR 0018) change them too, so
   * this instance sees their changes within this time.
   */
  private static final long FRESH_NANOS = Duration.ofSeconds(2).toNanos();

  private volatile Boolean paused;
  private volatile long pausedRead;
  private volatile Map<String, Curtailment> curtailments;
  private volatile long curtailmentsRead;

  /** Whether the market refuses new orders (blocking on the first call). */
  public boolean marketPaused() {
    Boolean p = paused;
    if (p == null || System.nanoTime() - pausedRead > FRESH_NANOS) {
      var rows =
          pool.query("SELECT market_paused FROM controller.control_state WHERE id = 1")
              .execute()
              .await()
              .atMost(TIMEOUT);
      p = rows.size() == 1 && rows.iterator().next().getBoolean("market_paused");
      paused = p;
      pausedRead = System.nanoTime();
    }
    return p;
  }

  /** Pauses or resumes the market; returns the audit id. */
  public long setMarketPaused(boolean pause, SecurityIdentity who, String reason) {
    long id =
        Transactions.blocking(
            pool,
            c -> {
              c.preparedQuery(
                      "INSERT INTO controller.control_state (id, market_paused, updated_at, updated_by)"
                          + " VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET"
                          + " market_paused = EXCLUDED.market_paused, updated_at = EXCLUDED.updated_at,"
                          + " updated_by = EXCLUDED.updated_by")
                  .execute(Tuple.of(pause, utc(clock.instant()), who.getPrincipal().getName()))
                  .await()
                  .atMost(TIMEOUT);
              return audit.record(
                  c,
                  who,
                  pause ? "market_paused" : "market_resumed",
                  "market",
                  reason,
                  Map.of("paused", pause));
            });
    paused = pause;
    return id;
  }

  /** The curtailments still in force at {@code now}. */
  public List<Curtailment> curtailments(Instant now) {
    List<Curtailment> out = new ArrayList<>();
    for (Curtailment c : loaded().values()) {
      if (c.until().isAfter(now)) {
        out.add(c);
      }
    }
    return out;
  }

  public Optional<Curtailment> curtailment(String site, Instant now) {
    Curtailment c = loaded().get(site);
    return c != null && c.until().isAfter(now) ? Optional.of(c) : Optional.empty();
  }

  /** Curtails a site's PV until {@code until}; replaces one in force. Returns the audit id. */
  public long curtail(String site, double pct, Instant until, SecurityIdentity who, String reason) {
    String by = who.getPrincipal().getName();
    long id =
        Transactions.blocking(
            pool,
            c -> {
              c.preparedQuery(
                      "INSERT INTO controller.curtailment (site_id, pv_curtail_pct, until, set_by, reason)"
                          + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (site_id) DO UPDATE SET"
                          + " pv_curtail_pct = EXCLUDED.pv_curtail_pct, until = EXCLUDED.until,"
                          + " set_by = EXCLUDED.set_by, reason = EXCLUDED.reason")
                  .execute(Tuple.of(site, pct, utc(until), by, reason))
                  .await()
                  .atMost(TIMEOUT);
              Map<String, Object> detail = new LinkedHashMap<>();
              detail.put("pv_curtail_pct", pct);
              detail.put("until", until.toString());
              return audit.record(c, who, "site_curtailed", site, reason, detail);
            });
    curtailments = null;
    return id;
  }

  /** Ends a site's curtailment; empty when none was in force. */
  public Optional<Long> endCurtailment(String site, SecurityIdentity who, String reason) {
    if (curtailment(site, clock.instant()).isEmpty()) {
      return Optional.empty();
    }
    long id =
        Transactions.blocking(
            pool,
            c -> {
              c.preparedQuery("DELETE FROM controller.curtailment WHERE site_id = $1")
                  .execute(Tuple.of(site))
                  .await()
                  .atMost(TIMEOUT);
              return audit.record(c, who, "curtailment_ended", site, reason, Map.of());
            });
    curtailments = null;
    return Optional.of(id);
  }

  private Map<String, Curtailment> loaded() {
    Map<String, Curtailment> m = curtailments;
    if (m == null || System.nanoTime() - curtailmentsRead > FRESH_NANOS) {
      m = new LinkedHashMap<>();
      for (Row r :
          pool.query("SELECT * FROM controller.curtailment ORDER BY site_id")
              .execute()
              .await()
              .atMost(TIMEOUT)) {
        m.put(
            r.getString("site_id"),
            new Curtailment(
                r.getString("site_id"),
                r.getDouble("pv_curtail_pct"),
                r.getOffsetDateTime("until").toInstant(),
                r.getString("set_by"),
                r.getString("reason")));
      }
      curtailments = m;
      curtailmentsRead = System.nanoTime();
    }
    return m;
  }

  private static OffsetDateTime utc(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}

package org.gridweave.controller.service.alarms;

import io.smallrye.mutiny.Uni;
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
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/** Alarms ({@code controller.alarm}); one per kind, subject and interval. */
@ApplicationScoped
public class AlarmStore {
  private static final Logger LOG = Logger.getLogger(AlarmStore.class);

  @Inject Pool pool;

  public void raise(String kind, String subject, Instant at, Instant interval, String detail) {
    LOG.warnf("alarm %s %s: %s", kind, subject, detail);
    pool.preparedQuery(
            "INSERT INTO controller.alarm (kind, subject, raised_at, interval_start, detail)"
                + " VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, subject, interval_start) DO NOTHING")
        .execute(Tuple.of(kind, subject, utc(at), utc(interval), detail))
        .await()
        .atMost(Duration.ofSeconds(10));
  }

  public Uni<List<JsonObject>> recent(int limit) {
    return pool.preparedQuery(
            "SELECT * FROM controller.alarm ORDER BY raised_at DESC, id DESC LIMIT $1")
        .execute(Tuple.of(limit))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          for (Row r : rows) {
            OffsetDateTime interval = r.getOffsetDateTime("interval_start");
            out.add(
                new JsonObject()
                    .put("id", r.getLong("id"))
                    .put("kind", r.getString("kind"))
                    .put("subject", r.getString("subject"))
                    .put("raised_at", r.getOffsetDateTime("raised_at").toInstant().toString())
                    .put("interval", interval == null ? null : interval.toInstant().toString())
                    .put("detail", r.getString("detail")));
          }
          return out;
        });
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}

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
    return recent(limit, false);
  }

  /** Newest first; {@code open}: only those not acknowledged. */
  public Uni<List<JsonObject>> recent(int limit, boolean open) {
    return pool.preparedQuery(
            "SELECT * FROM controller.alarm"
                + (open ? " WHERE acknowledged_at IS NULL" : "")
                + " ORDER BY raised_at DESC, id DESC LIMIT $1")
        .execute(Tuple.of(limit))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(json(r));
          }
          return out;
        });
  }

  private static JsonObject json(Row r) {
    OffsetDateTime interval = r.getOffsetDateTime("interval_start");
    OffsetDateTime acked = r.getOffsetDateTime("acknowledged_at");
    return new JsonObject()
        .put("id", r.getLong("id"))
        .put("kind", r.getString("kind"))
        .put("subject", r.getString("subject"))
        .put("raised_at", r.getOffsetDateTime("raised_at").toInstant().toString())
        .put("interval", interval == null ? null : interval.toInstant().toString())
        .put("detail", r.getString("detail"))
        .put("acknowledged_at", acked == null ? null : acked.toInstant().toString())
        .put("acknowledged_by", r.getString("acknowledged_by"))
        .put("ack_comment", r.getString("ack_comment"));
  }

  /** Alarms not yet acknowledged (blocking). */
  public long openCount() {
    return pool.query("SELECT count(*) AS n FROM controller.alarm WHERE acknowledged_at IS NULL")
        .execute()
        .await()
        .atMost(Duration.ofSeconds(10))
        .iterator()
        .next()
        .getLong("n");
  }

  /** The outcome of an acknowledgement. */
  public sealed interface Ack {
    record Done(JsonObject alarm) implements Ack {}

    record Unknown() implements Ack {}

    record Already(JsonObject alarm) implements Ack {}
  }

  /**
   * Acknowledges an open alarm on {@code client} (the transaction that also audits it); blocking.
   */
  public Ack acknowledge(
      io.vertx.mutiny.sqlclient.SqlClient client, long id, String by, String comment, Instant at) {
    var rows =
        client
            .preparedQuery(
                "UPDATE controller.alarm SET acknowledged_at = $2, acknowledged_by = $3,"
                    + " ack_comment = $4 WHERE id = $1 AND acknowledged_at IS NULL RETURNING *")
            .execute(Tuple.of(id, utc(at), by, comment))
            .await()
            .atMost(Duration.ofSeconds(10));
    if (rows.size() == 1) {
      return new Ack.Done(json(rows.iterator().next()));
    }
    var existing =
        client
            .preparedQuery("SELECT * FROM controller.alarm WHERE id = $1")
            .execute(Tuple.of(id))
            .await()
            .atMost(Duration.ofSeconds(10));
    return existing.size() == 0
        ? new Ack.Unknown()
        : new Ack.Already(json(existing.iterator().next()));
  }

  private static OffsetDateTime utc(Instant t) {
    return t == null ? null : OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}

package org.gridweave.controller.service.access;

import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Who did what, when and why ({@code controller.audit}); written with the change it records. */
@ApplicationScoped
public class AuditLog {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject Pool pool;
  @Inject Clock clock;

  /** Blocking: records an action on {@code client} (a transaction, or the pool); its id. */
  public long record(
      SqlClient client,
      SecurityIdentity who,
      String action,
      String subject,
      String reason,
      Map<String, Object> detail) {
    return client
        .preparedQuery(
            "INSERT INTO controller.audit (at, user_name, role, action, subject, reason, detail)"
                + " VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb) RETURNING id")
        .execute(
            Tuple.from(
                List.of(
                    OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC),
                    who.getPrincipal().getName(),
                    Access.role(who).id(),
                    action,
                    subject,
                    reason,
                    new JsonObject(detail).encode())))
        .await()
        .atMost(TIMEOUT)
        .iterator()
        .next()
        .getLong("id");
  }

  public long record(
      SecurityIdentity who,
      String action,
      String subject,
      String reason,
      Map<String, Object> detail) {
    return record(pool, who, action, subject, reason, detail);
  }

  /** Blocking: newest first. */
  public List<JsonObject> recent(int limit) {
    List<JsonObject> out = new ArrayList<>();
    for (Row r :
        pool.preparedQuery("SELECT * FROM controller.audit ORDER BY id DESC LIMIT $1")
            .execute(Tuple.of(limit))
            .await()
            .atMost(TIMEOUT)) {
      out.add(
          new JsonObject()
              .put("id", r.getLong("id"))
              .put("at", r.getOffsetDateTime("at").toInstant().toString())
              .put("user", r.getString("user_name"))
              .put("role", r.getString("role"))
              .put("action", r.getString("action"))
              .put("subject", r.getString("subject"))
              .put("reason", r.getString("reason"))
              .put("detail", new JsonObject(r.getValue("detail").toString())));
    }
    return out;
  }
}

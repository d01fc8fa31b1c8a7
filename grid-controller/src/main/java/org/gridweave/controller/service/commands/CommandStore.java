package org.gridweave.controller.service.commands;

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
import org.gridweave.core.protocol.Command;
import org.gridweave.core.protocol.CommandAck;

/** Setpoints sent ({@code controller.command}) and the meters' answers. */
@ApplicationScoped
public class CommandStore {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject Pool pool;
  @Inject org.gridweave.controller.service.leader.LeaderGate leader;

  public void saveSent(List<Command> commands, List<String> sites, Instant intervalStart) {
    if (commands.isEmpty()) {
      return;
    }
    Long epoch = leader.recordedEpoch();
    List<Tuple> rows = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      Command c = commands.get(i);
      rows.add(
          Tuple.from(
              new Object[] {
                c.id(),
                sites.get(i),
                c.meter().value(),
                at(intervalStart),
                at(c.issuedAt()),
                at(c.expiresAt()),
                c.batteryCharge().map(w -> w.value()).orElse(null),
                c.batteryDischarge().map(w -> w.value()).orElse(null),
                c.pvCurtailment().map(p -> p.value()).orElse(null),
                c.flexDeferral().map(w -> w.value()).orElse(null),
                c.reason(),
                epoch,
                leader.instance()
              }));
    }
    // behind the fence: a controller deposed since it stored its decision publishes nothing
    pool.withTransaction(tx ->
            leader
                .fence(tx, "send setpoints")
                .chain(() ->
                    tx.preparedQuery(
                            "INSERT INTO controller.command (id, site_id, meter_id, interval_start,"
                                + " issued_at, expires_at, battery_charge_w, battery_discharge_w,"
                                + " pv_curtail_pct, flex_defer_w, reason, status, epoch, sent_by)"
                                + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'sent', $12,"
                                + " $13) ON CONFLICT (id) DO NOTHING")
                        .executeBatch(rows)))
        .await()
        .atMost(TIMEOUT);
  }

  /** Records an answer; false when no such command was sent to that meter (the ack is ignored). */
  public Uni<Boolean> answer(CommandAck ack) {
    return pool.preparedQuery(
            "UPDATE controller.command SET status = $3, detail = $4, answered_at = $5"
                + " WHERE id = $1 AND meter_id = $2 AND status = 'sent'")
        .execute(
            Tuple.of(
                ack.commandId(),
                ack.meter().value(),
                ack.status().name().toLowerCase(java.util.Locale.ROOT),
                ack.detail(),
                at(ack.at())))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The commands of one site between two instants, newest first, as JSON objects. */
  public Uni<List<JsonObject>> forSite(String site, Instant from, Instant to) {
    return pool.preparedQuery(
            "SELECT * FROM controller.command WHERE site_id = $1 AND interval_start >= $2 AND interval_start < $3"
                + " ORDER BY interval_start DESC, issued_at DESC LIMIT 500")
        .execute(Tuple.of(site, at(from), at(to)))
        .map(rows -> {
          List<JsonObject> out = new ArrayList<>();
          for (Row r : rows) {
            JsonObject o =
                new JsonObject()
                    .put("id", r.getString("id"))
                    .put("meter", r.getString("meter_id"))
                    .put(
                        "interval_start",
                        r.getOffsetDateTime("interval_start").toInstant().toString())
                    .put("issued_at", r.getOffsetDateTime("issued_at").toInstant().toString())
                    .put("expires_at", r.getOffsetDateTime("expires_at").toInstant().toString())
                    .put("battery_charge_w", r.getDouble("battery_charge_w"))
                    .put("battery_discharge_w", r.getDouble("battery_discharge_w"))
                    .put("pv_curtail_pct", r.getDouble("pv_curtail_pct"))
                    .put("flex_defer_w", r.getDouble("flex_defer_w"))
                    .put("reason", r.getString("reason"))
                    .put("status", r.getString("status"))
                    .put("detail", r.getString("detail"));
            OffsetDateTime answered = r.getOffsetDateTime("answered_at");
            o.put("answered_at", answered == null ? null : answered.toInstant().toString());
            out.add(o);
          }
          return out;
        });
  }

  /** Every applied command of an interval, by meter, in the order applied (following check). */
  public List<Row> appliedIn(Instant intervalStart) {
    List<Row> out = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(
                "SELECT meter_id, site_id, battery_charge_w, battery_discharge_w, answered_at,"
                    + " expires_at FROM controller.command WHERE interval_start = $1"
                    + " AND status = 'applied' ORDER BY meter_id, answered_at")
            .execute(Tuple.of(at(intervalStart)))
            .await()
            .atMost(TIMEOUT)) {
      out.add(r);
    }
    return out;
  }

  /**
   * Commands of an interval a meter refused, or left unanswered past their expiry (the newest per
   * meter), for the alarms.
   */
  public List<Row> unfollowedIn(Instant intervalStart, Instant now) {
    List<Row> out = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(
                "SELECT DISTINCT ON (meter_id) id, meter_id, status, detail, expires_at, interval_start FROM controller.command"
                    + " WHERE interval_start = $1 AND (status = 'rejected' OR (status = 'sent' AND expires_at < $2))"
                    + " ORDER BY meter_id, issued_at DESC")
            .execute(Tuple.of(at(intervalStart), at(now)))
            .await()
            .atMost(TIMEOUT)) {
      out.add(r);
    }
    return out;
  }

  static OffsetDateTime at(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}

package org.gridweave.controller.service.alarms;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridweave.controller.service.access.AuditLog;
import org.gridweave.controller.service.web.BadRequest;
import org.gridweave.controller.service.web.JsonBody;
import org.gridweave.controller.service.web.NotFound;
import org.gridweave.controller.service.web.Transactions;

/** {@code GET /alarms?limit=100&open=false}: newest first; {@code POST /alarms/{id}/ack}. */
@Path("/alarms")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "viewer"})
public class AlarmResource {
  @Inject AlarmStore store;
  @Inject AuditLog audit;
  @Inject SecurityIdentity identity;
  @Inject Pool pool;
  @Inject Clock clock;

  @GET
  public Uni<List<JsonObject>> get(
      @QueryParam("limit") @DefaultValue("100") int limit,
      @QueryParam("open") @DefaultValue("false") boolean open) {
    if (limit < 1 || limit > 1000) {
      throw new BadRequest("limit", "must be 1..1000, was " + limit);
    }
    return store.recent(limit, open);
  }

  /** Acknowledges an alarm with a comment (1–500 characters); audited in the same transaction. */
  @POST
  @Path("{id}/ack")
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  public JsonObject acknowledge(@PathParam("id") long id, String body) {
    JsonNode o = JsonBody.object(body, Set.of("comment"));
    String comment = o.path("comment").isTextual() ? o.get("comment").asText().strip() : "";
    if (comment.isEmpty() || comment.length() > 500) {
      throw new BadRequest("comment", "is required: 1 to 500 characters saying what was done");
    }
    String by = identity.getPrincipal().getName();
    AlarmStore.Ack ack =
        Transactions.blocking(
            pool,
            c -> {
              AlarmStore.Ack a = store.acknowledge(c, id, by, comment, clock.instant());
              if (a instanceof AlarmStore.Ack.Done d) {
                audit.record(
                    c,
                    identity,
                    "alarm_acknowledged",
                    d.alarm().getString("kind") + " " + d.alarm().getString("subject"),
                    comment,
                    Map.of("alarm", id));
              }
              return a;
            });
    return switch (ack) {
      case AlarmStore.Ack.Done d -> d.alarm();
      case AlarmStore.Ack.Unknown u -> throw new NotFound("no alarm " + id);
      case AlarmStore.Ack.Already a ->
          throw new WebApplicationException(
              "alarm "
                  + id
                  + " was already acknowledged by "
                  + a.alarm().getString("acknowledged_by")
                  + " at "
                  + a.alarm().getString("acknowledged_at"),
              409);
    };
  }
}

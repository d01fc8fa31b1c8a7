package org.gridweave.controller.service.alarms;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.gridweave.controller.service.web.BadRequest;

/** {@code GET /alarms?limit=100}: newest first. */
@Path("/alarms")
@Produces(MediaType.APPLICATION_JSON)
public class AlarmResource {
  @Inject AlarmStore store;

  @GET
  public Uni<List<JsonObject>> get(@QueryParam("limit") @DefaultValue("100") int limit) {
    if (limit < 1 || limit > 1000) {
      throw new BadRequest("limit", "must be 1..1000, was " + limit);
    }
    return store.recent(limit);
  }
}

package org.gridweave.controller.service.commands;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.gridweave.controller.service.web.BadRequest;
import org.gridweave.controller.service.web.Params;

/** {@code GET /sites/{id}/setpoints?from=..&to=..}: commands sent to a site and their answers. */
@Path("/sites/{id}/setpoints")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "viewer"})
public class SetpointResource {
  @Inject CommandStore store;
  @Inject Clock clock;

  @GET
  public Uni<List<JsonObject>> get(
      @PathParam("id") String site, @QueryParam("from") String from, @QueryParam("to") String to) {
    Instant end = to == null ? clock.instant().plus(Duration.ofDays(1)) : Params.instant("to", to);
    Instant start = from == null ? end.minus(Duration.ofDays(2)) : Params.instant("from", from);
    if (!start.isBefore(end)) {
      throw new BadRequest("from", "must be before 'to'");
    }
    return store.forSite(site, start, end);
  }
}

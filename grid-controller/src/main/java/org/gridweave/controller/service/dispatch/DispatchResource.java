package org.gridweave.controller.service.dispatch;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.web.BadRequest;
import org.gridweave.controller.service.web.NotFound;

/**
 * Decisions: {@code GET /dispatch/{interval}} (mode, reason, bindings, per-site setpoints and
 * sentences), {@code .../explanations} (the sentences and bindings only), {@code GET
 * /dispatch/latest}, {@code POST /dispatch/run} (re-dispatch the current interval now).
 */
@Path("/dispatch")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "viewer"})
public class DispatchResource {
  @Inject DecisionStore decisions;
  @Inject DispatchService service;
  @Inject ControllerConfig config;

  @GET
  public Uni<java.util.List<JsonObject>> recent(
      @jakarta.ws.rs.QueryParam("limit") @jakarta.ws.rs.DefaultValue("50") int limit) {
    if (limit < 1 || limit > 500) {
      throw new org.gridweave.controller.service.web.BadRequest(
          "limit", "must be 1..500, was " + limit);
    }
    return decisions.recent(limit);
  }

  @GET
  @Path("latest")
  public Uni<JsonObject> latest() {
    return decisions.latest().map(d -> d.orElseThrow(() -> new NotFound("no decision yet")));
  }

  @GET
  @Path("{interval}")
  public Uni<JsonObject> get(@PathParam("interval") String interval) {
    Instant start = parse(interval);
    return decisions
        .find(start)
        .map(d -> d.orElseThrow(() -> new NotFound("no decision for " + start)));
  }

  @GET
  @Path("{interval}/explanations")
  public Uni<JsonObject> explanations(@PathParam("interval") String interval) {
    return get(interval)
        .map(d -> {
          JsonObject out =
              new JsonObject()
                  .put("interval", d.getString("interval"))
                  .put("mode", d.getString("mode"))
                  .put("reason", d.getString("reason"))
                  .put("bindings", d.getJsonArray("bindings"));
          JsonObject sites = new JsonObject();
          d.getJsonArray("sites")
              .forEach(o -> {
                JsonObject s = (JsonObject) o;
                sites.put(s.getString("site"), s.getString("sentence"));
              });
          return out.put("sites", sites);
        });
  }

  @RolesAllowed("operator")
  @POST
  @Path("run")
  public JsonObject run() {
    return service
        .runNow()
        .map(d ->
            new JsonObject()
                .put("interval", d.interval().start().toString())
                .put("mode", d.mode().name())
                .put("reason", d.reason())
                .put("solve_ms", d.solveMillis()))
        .orElseThrow(() -> new NotFound("no grid model yet: PUT /grid"));
  }

  private Instant parse(String interval) {
    Instant start;
    try {
      start = Instant.parse(interval);
    } catch (DateTimeParseException e) {
      throw new BadRequest(
          "interval", "'" + interval + "' is not an ISO-8601 instant like 2026-11-25T10:00:00Z");
    }
    if (start.getEpochSecond() % config.interval().toSeconds() != 0 || start.getNano() != 0) {
      throw new BadRequest(
          "interval", start + " is not the start of a " + config.interval() + " interval");
    }
    return start;
  }
}

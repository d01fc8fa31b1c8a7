package org.gridweave.controller.service.grid;

import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** {@code GET/PUT /tariff}: time-of-use bands as JSON, or interval prices as CSV. */
@Path("/tariff")
@RolesAllowed({"operator", "viewer"})
public class TariffResource {
  @Inject TariffStore store;

  @GET
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Map<String, String>> get() {
    return store.current().map(s -> Map.of("kind", s.kind(), "document", s.document()));
  }

  @RolesAllowed("operator")
  @PUT
  @Consumes(MediaType.APPLICATION_JSON)
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Map<String, String>> putTimeOfUse(String body) {
    return store.replace(store.parse("time_of_use", body)).map(s -> Map.of("kind", s.kind()));
  }

  @RolesAllowed("operator")
  @PUT
  @Consumes("text/csv")
  @Produces(MediaType.APPLICATION_JSON)
  public Uni<Map<String, String>> putCsv(String body) {
    return store.replace(store.parse("csv", body)).map(s -> Map.of("kind", s.kind()));
  }
}

package org.gridweave.controller.service.console;

import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Multi;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.gridweave.controller.service.access.Access;

/** {@code GET /me/live}: the prosumer's own site, live (Server-Sent Events; no grid totals). */
@Path("/me/live")
@RolesAllowed("prosumer")
public class MeLiveResource {
  @Inject LiveFeed live;
  @Inject SecurityIdentity identity;

  @GET
  @Produces(MediaType.SERVER_SENT_EVENTS)
  public Multi<OutboundSseEvent> live(@Context Sse sse) {
    String own = Access.siteOf(identity).orElseThrow();
    return live.stream(own::equals, false).map(o -> LiveFeed.event(sse, o));
  }
}

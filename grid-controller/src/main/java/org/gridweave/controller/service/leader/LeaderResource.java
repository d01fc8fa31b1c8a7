package org.gridweave.controller.service.leader;

import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.gridweave.controller.leader.LeaderStatus;

/**
 * {@code GET /leader}: which controller leads, as this instance sees it. Open to everyone (also
 * without a login): it names instances and an epoch, nothing else.
 */
@Path("/leader")
public class LeaderResource {
  @Inject LeaderGate gate;

  @GET
  @PermitAll
  @Produces(MediaType.APPLICATION_JSON)
  public Map<String, Object> leader() {
    LeaderStatus s = gate.status();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("instance", s.instance());
    out.put("leader", s.leader());
    out.put("holder", s.holder().orElse(null));
    out.put("epoch", s.epoch());
    out.put("since", s.since().map(Object::toString).orElse(null));
    out.put("mode", gate.mode().name().toLowerCase(Locale.ROOT));
    out.put("problem", s.problem().orElse(null));
    return out;
  }
}

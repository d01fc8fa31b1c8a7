package org.gridweave.controller.service.access;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridweave.controller.service.grid.GridStore;

/** {@code /auth}: who is logged in (with the CSRF token for this user), and logout. */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
  @Inject SecurityIdentity identity;
  @Inject AccessConfig access;
  @Inject GridStore grid;

  @GET
  @Path("me")
  @Authenticated
  public Map<String, Object> me() {
    String site = Access.siteOf(identity).orElse(null);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("user", identity.getPrincipal().getName());
    out.put("role", Access.role(identity).id());
    out.put("site", site);
    out.put("meters", site == null ? List.of() : Access.metersOf(grid, site));
    out.put("csrf", access.csrf().tokenFor(identity.getPrincipal().getName()));
    return out;
  }

  /** Ends the browser's session by expiring its cookie (the token in it is then never sent). */
  @POST
  @Path("logout")
  @PermitAll
  public Response logout() {
    return Response.noContent()
        .cookie(
            new NewCookie.Builder(AccessConfig.SESSION_COOKIE)
                .value("")
                .path("/")
                .maxAge(0)
                .httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT)
                .build())
        .build();
  }
}

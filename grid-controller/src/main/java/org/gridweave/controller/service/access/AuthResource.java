package org.gridweave.controller.service.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridweave.controller.access.Passwords;
import org.gridweave.controller.access.UserSpec;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.grid.GridStore;
import org.gridweave.controller.service.web.BadRequest;
import org.gridweave.controller.service.web.JsonBody;
import org.gridweave.controller.service.web.NotFound;
import org.gridweave.controller.service.web.Transactions;

/** {@code /auth}: who is logged in (with the CSRF token for this user), logout, own password. */
@Path("/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {
  @Inject SecurityIdentity identity;
  @Inject AccessConfig access;
  @Inject GridStore grid;
  @Inject ConsoleUsers users;
  @Inject AuditLog audit;
  @Inject ControllerConfig config;
  @Inject Pool pool;

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

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

  /** {@code {"current", "new"}}: a user changes their own password. */
  @POST
  @Path("password")
  @Authenticated
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> changePassword(String body) {
    JsonNode o = JsonBody.object(body, Set.of("current", "new"));
    String name = identity.getPrincipal().getName();
    ConsoleUsers.User u = users.find(name).orElseThrow(() -> new NotFound("no user " + name));
    String current = o.path("current").isTextual() ? o.get("current").asText() : "";
    if (!Passwords.matches(current, u.hash())) {
      throw new BadRequest("current", "is not your current password");
    }
    String next = o.path("new").isTextual() ? o.get("new").asText() : null;
    try {
      new UserSpec(name, u.role(), u.site(), next); // the same rules as for new users
    } catch (IllegalArgumentException e) {
      throw new BadRequest("new", e.getMessage());
    }
    if (next.equals(current)) {
      throw new BadRequest("new", "must differ from the current password");
    }
    String hash = new Passwords(config.console().bcryptCost()).hash(next);
    long id =
        Transactions.blocking(
            pool,
            c -> {
              c.preparedQuery(
                      "UPDATE controller.console_user SET password_hash = $2 WHERE name = $1")
                  .execute(Tuple.of(name, hash))
                  .await()
                  .atMost(TIMEOUT);
              return audit.record(
                  c, identity, "password_changed", name, "changed by the user", Map.of());
            });
    return Map.of("audit_id", id, "name", name);
  }
}

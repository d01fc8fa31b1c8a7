package org.gridweave.controller.service.access;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridweave.controller.access.Passwords;
import org.gridweave.controller.access.Role;
import org.gridweave.controller.access.UserSpec;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.web.BadRequest;
import org.gridweave.controller.service.web.JsonBody;
import org.gridweave.controller.service.web.NotFound;
import org.gridweave.controller.service.web.Transactions;

/**
 * Console users: operators list, add and disable them ({@code /console/users}); every user changes
 * their own password ({@code POST /auth/password}). All of it audited; no password or hash ever
 * leaves the service.
 */
@Path("/console/users")
@Produces(MediaType.APPLICATION_JSON)
public class UserResource {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject ConsoleUsers users;
  @Inject AuditLog audit;
  @Inject SecurityIdentity identity;
  @Inject ControllerConfig config;
  @Inject Pool pool;

  @GET
  @RolesAllowed("operator")
  public List<Map<String, Object>> list() {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Row r :
        pool.query(
                "SELECT name, role, site_id, disabled, created_at FROM controller.console_user"
                    + " ORDER BY name")
            .execute()
            .await()
            .atMost(TIMEOUT)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", r.getString("name"));
      m.put("role", r.getString("role"));
      m.put("site", r.getString("site_id"));
      m.put("disabled", r.getBoolean("disabled"));
      m.put("created_at", r.getOffsetDateTime("created_at").toInstant().toString());
      out.add(m);
    }
    return out;
  }

  /**
   * {@code {"name", "role", "site"?, "password", "reason"}} → 201-like 200; 409 if the name exists.
   */
  @POST
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> create(String body) {
    JsonNode o = JsonBody.object(body, Set.of("name", "role", "site", "password", "reason"));
    String reason = JsonBody.reason(o);
    UserSpec spec;
    try {
      Role role = Role.parse(JsonBody.requiredText(o, "role"));
      String site = o.path("site").isTextual() ? o.get("site").asText().strip() : "";
      spec =
          new UserSpec(
              JsonBody.requiredText(o, "name"),
              role,
              site.isEmpty() ? Optional.empty() : Optional.of(site),
              o.path("password").isTextual() ? o.get("password").asText() : null);
    } catch (IllegalArgumentException e) {
      String field =
          e.getMessage().contains("password")
              ? "password"
              : e.getMessage().contains("site")
                  ? "site"
                  : e.getMessage().contains("role") ? "role" : "name";
      throw new BadRequest(field, e.getMessage());
    }
    if (users.find(spec.name()).isPresent()) {
      throw new WebApplicationException("user " + spec.name() + " exists already", 409);
    }
    users.create(spec, new Passwords(config.console().bcryptCost()));
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("role", spec.role().id());
    detail.put("site", spec.site().orElse(null));
    long id = audit.record(identity, "user_created", spec.name(), reason, detail);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("audit_id", id);
    out.put("name", spec.name());
    out.putAll(detail);
    return out;
  }

  /**
   * {@code {"reason"}}: the user can no longer log in; an open session ends at its next request.
   */
  @POST
  @Path("{name}/disable")
  @RolesAllowed("operator")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> disable(@PathParam("name") String name, String body) {
    String reason = JsonBody.reason(JsonBody.object(body, Set.of("reason")));
    if (name.equals(identity.getPrincipal().getName())) {
      throw new BadRequest("name", "an operator cannot disable their own login");
    }
    long id =
        Transactions.blocking(
            pool,
            c -> {
              int n =
                  c.preparedQuery(
                          "UPDATE controller.console_user SET disabled = true WHERE name = $1")
                      .execute(Tuple.of(name))
                      .await()
                      .atMost(TIMEOUT)
                      .rowCount();
              if (n == 0) {
                throw new NotFound("no user " + name);
              }
              return audit.record(c, identity, "user_disabled", name, reason, Map.of());
            });
    return Map.of("audit_id", id, "name", name, "disabled", true);
  }
}

package org.gridweave.controller.service.access;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Set;
import org.gridweave.controller.service.web.ApiError;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses a state-changing request that rides on the console's session cookie without the user's
 * CSRF token in {@code X-CSRF-Token} (a request another site's page makes the browser send).
 * Requests authenticated with an {@code Authorization} header (API clients) carry no ambient
 * credentials and need no token.
 */
public class CsrfFilter {
  static final String HEADER = "X-CSRF-Token";
  private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

  @Inject SecurityIdentity identity;
  @Inject AccessConfig access;

  @ServerRequestFilter
  public Response check(ContainerRequestContext request) {
    if (SAFE.contains(request.getMethod())
        || !request.getCookies().containsKey(AccessConfig.SESSION_COOKIE)
        || request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
        || identity.isAnonymous()) {
      return null;
    }
    if (access.csrf().valid(identity.getPrincipal().getName(), request.getHeaderString(HEADER))) {
      return null;
    }
    return Response.status(403)
        .type(MediaType.APPLICATION_JSON)
        .entity(new ApiError("missing or wrong CSRF token (header " + HEADER + ")", HEADER))
        .build();
  }
}

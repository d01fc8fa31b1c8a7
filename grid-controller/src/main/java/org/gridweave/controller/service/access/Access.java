package org.gridweave.controller.service.access;

import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.gridweave.controller.access.Role;
import org.gridweave.controller.service.grid.GridStore;

/** Checks on the caller beyond {@code @RolesAllowed}: a prosumer reaches only their own site. */
public final class Access {
  private Access() {}

  public static Role role(SecurityIdentity identity) {
    for (Role r : Role.values()) {
      if (identity.hasRole(r.id())) {
        return r;
      }
    }
    throw new ForbiddenException("no console role");
  }

  /** The prosumer's site; empty for operators and viewers. */
  public static Optional<String> siteOf(SecurityIdentity identity) {
    Object site = identity.getAttribute(ConsoleIdentities.SITE);
    return site == null ? Optional.empty() : Optional.of(site.toString());
  }

  /**
   * Operators and viewers may read any site; a prosumer only their own.
   *
   * @throws ForbiddenException otherwise (403, without saying whether the site exists)
   */
  public static void requireSite(SecurityIdentity identity, String site) {
    if (identity.hasRole(Role.OPERATOR.id()) || identity.hasRole(Role.VIEWER.id())) {
      return;
    }
    if (siteOf(identity).filter(s -> s.equals(site)).isEmpty()) {
      throw new ForbiddenException("a prosumer may only reach their own site");
    }
  }

  /** The meters of a site in the current grid model (none when it is not in the model). */
  public static List<String> metersOf(GridStore grid, String site) {
    return grid.current()
        .await()
        .atMost(Duration.ofSeconds(10))
        .map(r ->
            r.grid().sites().stream()
                .filter(s -> s.id().value().equals(site))
                .map(s -> s.meter().value())
                .toList())
        .orElse(List.of());
  }
}

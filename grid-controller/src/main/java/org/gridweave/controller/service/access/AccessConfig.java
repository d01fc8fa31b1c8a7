package org.gridweave.controller.service.access;

import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gridweave.controller.access.CsrfTokens;

/** The session cookie's name and the CSRF token source, keyed like the session cookie. */
@ApplicationScoped
public class AccessConfig {
  /** Must match {@code quarkus.http.auth.form.cookie-name}. */
  public static final String SESSION_COOKIE = "gw-session";

  private final CsrfTokens csrf;

  AccessConfig(
      // Quarkus' own key (not a GridWeave setting): sessions and tokens survive restarts and are
      // valid on every replica only when it is set; otherwise both are random per process.
      @ConfigProperty(name = "quarkus.http.auth.session.encryption-key")
          Optional<String> sessionKey) {
    this.csrf =
        sessionKey
            .filter(k -> k.length() >= 16)
            .map(k -> new CsrfTokens(("csrf:" + k).getBytes(StandardCharsets.UTF_8)))
            .orElseGet(CsrfTokens::random);
  }

  public CsrfTokens csrf() {
    return csrf;
  }
}

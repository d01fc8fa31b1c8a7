package org.gridweave.controller.service.access;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TrustedAuthenticationRequest;
import io.quarkus.security.identity.request.UsernamePasswordAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gridweave.controller.access.Passwords;

/**
 * Who is calling: user name and password (the login form, HTTP Basic) checked against the stored
 * bcrypt hash, and the user named by a valid session cookie (form login's later requests) loaded
 * again, so a disabled user or a changed role takes effect at once. The identity carries the role
 * and, for prosumers, the attribute {@code site}.
 */
public final class ConsoleIdentities {
  private ConsoleIdentities() {}

  static final String SITE = "site";

  static SecurityIdentity identity(ConsoleUsers.User u) {
    QuarkusSecurityIdentity.Builder b =
        QuarkusSecurityIdentity.builder()
            .setPrincipal(new QuarkusPrincipal(u.name()))
            .addRole(u.role().id());
    u.site().ifPresent(s -> b.addAttribute(SITE, s));
    return b.build();
  }

  /** Login form and HTTP Basic. */
  @ApplicationScoped
  public static class PasswordLogins
      implements IdentityProvider<UsernamePasswordAuthenticationRequest> {
    /**
     * Recently verified passwords (keyed by a SHA-256 of name and password), so HTTP Basic API
     * clients do not pay bcrypt's cost on every request.
     */
    private static final Duration REMEMBER = Duration.ofMinutes(2);

    private final Map<String, Instant> verified = new ConcurrentHashMap<>();

    @Inject ConsoleUsers users;
    @Inject Clock clock;

    @Override
    public Class<UsernamePasswordAuthenticationRequest> getRequestType() {
      return UsernamePasswordAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
        UsernamePasswordAuthenticationRequest request, AuthenticationRequestContext context) {
      return context.runBlocking(() -> {
        String name = request.getUsername();
        String password = new String(request.getPassword().getPassword());
        ConsoleUsers.User u =
            users
                .find(name)
                .filter(x -> !x.disabled())
                .orElseThrow(() -> new AuthenticationFailedException("unknown or disabled user"));
        String key = digest(u.name() + '\0' + u.hash() + '\0' + password);
        Instant now = clock.instant();
        Instant seen = verified.get(key);
        if (seen == null || seen.plus(REMEMBER).isBefore(now)) {
          if (!Passwords.matches(password, u.hash())) {
            throw new AuthenticationFailedException("wrong password");
          }
          if (verified.size() > 10_000) {
            verified.clear();
          }
          verified.put(key, now);
        }
        return identity(u);
      });
    }

    private static String digest(String s) {
      try {
        return HexFormat.of()
            .formatHex(
                MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** The session cookie's user (the cookie itself is encrypted and expires). */
  @ApplicationScoped
  public static class Sessions implements IdentityProvider<TrustedAuthenticationRequest> {
    @Inject ConsoleUsers users;

    @Override
    public Class<TrustedAuthenticationRequest> getRequestType() {
      return TrustedAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(
        TrustedAuthenticationRequest request, AuthenticationRequestContext context) {
      return context.runBlocking(() ->
          users
              .find(request.getPrincipal())
              .filter(u -> !u.disabled())
              .map(ConsoleIdentities::identity)
              .orElseThrow(() -> new AuthenticationFailedException("unknown or disabled user")));
    }
  }
}

package org.gridweave.controller.access;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Anti-CSRF tokens for the console's cookie session: HMAC-SHA256 of the user name under a secret
 * only the server knows. A page of ours reads its token from {@code /auth/me} (same origin) and
 * sends it in a header; a page of another site can neither read it nor compute it.
 */
public final class CsrfTokens {
  private final SecretKeySpec key;

  public CsrfTokens(byte[] secret) {
    if (secret.length < 16) {
      throw new IllegalArgumentException("the CSRF secret needs at least 16 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), "HmacSHA256");
  }

  /** A token source with a random secret (tokens end with the process). */
  public static CsrfTokens random() {
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    return new CsrfTokens(secret);
  }

  public String tokenFor(String user) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return Base64.getUrlEncoder()
          .withoutPadding()
          .encodeToString(mac.doFinal(user.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Whether {@code token} is the user's token (compared in constant time). */
  public boolean valid(String user, String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    return MessageDigest.isEqual(
        tokenFor(user).getBytes(StandardCharsets.US_ASCII),
        token.getBytes(StandardCharsets.US_ASCII));
  }
}

package org.gridweave.controller.access;

import at.favre.lib.crypto.bcrypt.BCrypt;
import java.nio.charset.StandardCharsets;

/**
 * Password hashes: bcrypt (salted, slow on purpose), via the {@code at.favre.lib:bcrypt} library.
 */
public final class Passwords {
  private final int cost;

  /**
   * @param cost bcrypt's log2 work factor, 4..31 (10–12 for people logging in)
   */
  public Passwords(int cost) {
    if (cost < 4 || cost > 31) {
      throw new IllegalArgumentException("bcrypt cost must be 4..31, was " + cost);
    }
    this.cost = cost;
  }

  public String hash(String password) {
    return BCrypt.withDefaults().hashToString(cost, password.toCharArray());
  }

  /** Whether {@code password} matches the stored {@code hash}; false for a malformed hash. */
  public static boolean matches(String password, String hash) {
    if (password == null || hash == null) {
      return false;
    }
    return BCrypt.verifyer()
        .verify(password.getBytes(StandardCharsets.UTF_8), hash.getBytes(StandardCharsets.UTF_8))
        .verified;
  }
}

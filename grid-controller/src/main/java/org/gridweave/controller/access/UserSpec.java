package org.gridweave.controller.access;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A console user to create: name, role, the prosumer's site, and the initial password (never stored
 * as such: see {@link Passwords}).
 */
public record UserSpec(String name, Role role, Optional<String> site, String password) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

  /** The shortest password accepted. */
  public static final int MIN_PASSWORD = 8;

  public UserSpec {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "user name '" + name + "' must be 1-64 letters, digits, '.', '_', '@' or '-'");
    }
    if (role == Role.PROSUMER && (site.isEmpty() || site.get().isBlank())) {
      throw new IllegalArgumentException("prosumer '" + name + "' needs a site");
    }
    if (role != Role.PROSUMER && site.isPresent()) {
      throw new IllegalArgumentException(
          "only prosumers have a site; " + role.id() + " '" + name + "' has " + site.get());
    }
    if (password == null || password.length() < MIN_PASSWORD) {
      throw new IllegalArgumentException(
          "the password of '" + name + "' must have at least " + MIN_PASSWORD + " characters");
    }
    if (password.length() > 72) {
      throw new IllegalArgumentException(
          "the password of '" + name + "' is longer than bcrypt's 72 bytes");
    }
  }

  /**
   * Reads the setting {@code name:role:site:password;...} (site empty unless prosumer; the password
   * is everything after the third colon).
   *
   * @throws IllegalArgumentException naming the entry that is wrong and why
   */
  public static List<UserSpec> parseAll(String setting) {
    List<UserSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    int n = 0;
    for (String entry : setting.split(";")) {
      n++;
      String e = entry.strip();
      if (e.isEmpty()) {
        continue;
      }
      String[] parts = e.split(":", 4);
      if (parts.length != 4) {
        throw new IllegalArgumentException(
            "console user entry " + n + " must be name:role:site:password");
      }
      Role role;
      try {
        role = Role.parse(parts[1].strip());
      } catch (IllegalArgumentException ex) {
        throw new IllegalArgumentException("console user entry " + n + ": " + ex.getMessage());
      }
      String site = parts[2].strip();
      UserSpec spec =
          new UserSpec(
              parts[0].strip(),
              role,
              site.isEmpty() ? Optional.empty() : Optional.of(site),
              parts[3]);
      if (!names.add(spec.name())) {
        throw new IllegalArgumentException("console user '" + spec.name() + "' appears twice");
      }
      out.add(spec);
    }
    return out;
  }

  @Override
  public String toString() {
    return "UserSpec[" + name + ", " + role.id() + site.map(s -> ", " + s).orElse("") + "]";
  }
}

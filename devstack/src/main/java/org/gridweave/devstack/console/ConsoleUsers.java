package org.gridweave.devstack.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * The web console's local users for a dev stack, in the form the grid-controller reads from {@value
 * #SETTING}: entries separated by {@code ;}, each {@code name:role:site:password} (site empty for
 * operator and viewer). The controller creates each user whose name it does not know yet (bcrypt);
 * an existing user's password is not changed.
 *
 * @param users operator, viewer and prosumers, in the order they are printed
 */
public record ConsoleUsers(List<User> users) {
  /** The controller setting that lists the users to create. */
  public static final String SETTING = "gridweave.controller.console.users";

  /** Where the controller tells the browser to check settlement proofs (the dev chain's RPC). */
  public static final String CHAIN_RPC_SETTING = "gridweave.controller.console.chain-rpc-url";

  /** After how long without a reading a meter counts as offline (ISO-8601 duration). */
  public static final String OFFLINE_AFTER_SETTING = "gridweave.controller.console.offline-after";

  private static final String ALPHABET =
      "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  private static final int PASSWORD_LENGTH = 16;

  /**
   * One console user.
   *
   * @param name the login name
   * @param role {@code operator}, {@code viewer} or {@code prosumer}
   * @param site the prosumer's site; empty for the others
   * @param password in clear, for the person running the dev stack
   */
  public record User(String name, String role, Optional<String> site, String password) {
    public User {
      requireToken(name, "name");
      requireToken(password, "password");
      if (!List.of("operator", "viewer", "prosumer").contains(role)) {
        throw new IllegalArgumentException(
            "console user role must be operator, viewer or prosumer, was '" + role + "'");
      }
      site.ifPresent(s -> requireToken(s, "site"));
      if (role.equals("prosumer") != site.isPresent()) {
        throw new IllegalArgumentException(
            "console user "
                + name
                + ": a prosumer needs a site and only a prosumer has one (role "
                + role
                + ", site "
                + site.orElse("none")
                + ")");
      }
    }

    String entry() {
      return String.join(":", name, role, site.orElse(""), password);
    }

    static User parse(String entry) {
      String[] f = entry.split(":", -1);
      if (f.length != 4) {
        throw new IllegalArgumentException(
            "console user entry must be name:role:site:password, was '" + entry + "'");
      }
      return new User(f[0], f[1], f[2].isEmpty() ? Optional.empty() : Optional.of(f[2]), f[3]);
    }
  }

  public ConsoleUsers {
    users = List.copyOf(users);
  }

  /** The prosumer user name for a site: {@code prosumer-<site>}. */
  public static String prosumerName(String site) {
    return "prosumer-" + site;
  }

  /** An operator, a viewer and one prosumer per site, each with a fresh random password. */
  public static ConsoleUsers generate(List<String> prosumerSites, RandomGenerator random) {
    List<User> users = new ArrayList<>();
    users.add(new User("operator", "operator", Optional.empty(), password(random)));
    users.add(new User("viewer", "viewer", Optional.empty(), password(random)));
    for (String site : prosumerSites) {
      users.add(new User(prosumerName(site), "prosumer", Optional.of(site), password(random)));
    }
    return new ConsoleUsers(users);
  }

  /**
   * The users kept in {@code file} (one entry a line), or, if there is no such file, new ones
   * (random passwords from a {@link SecureRandom}) written to it readable by the owner only.
   */
  public static ConsoleUsers keptIn(Path file, List<String> prosumerSites) throws IOException {
    if (Files.exists(file)) {
      return new ConsoleUsers(
          Files.readAllLines(file).stream()
              .map(String::strip)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .map(User::parse)
              .toList());
    }
    ConsoleUsers users = generate(prosumerSites, new SecureRandom());
    Files.createDirectories(file.toAbsolutePath().getParent());
    Files.deleteIfExists(file);
    Files.createFile(
        file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(
        file,
        "# GridWeave demo console users: name:role:site:password (delete to make new ones)\n"
            + users.users().stream().map(u -> u.entry() + "\n").collect(Collectors.joining()));
    return users;
  }

  /** The value of {@value #SETTING}. */
  public String setting() {
    return users.stream().map(User::entry).collect(Collectors.joining(";"));
  }

  /** The user of that name. */
  public User named(String name) {
    return users.stream()
        .filter(u -> u.name().equals(name))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no console user " + name));
  }

  /** The first user with that role. */
  public User withRole(String role) {
    return users.stream()
        .filter(u -> u.role().equals(role))
        .findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no console user with role " + role));
  }

  /** The users as lines for a banner: name, role (and site), password. */
  public List<String> lines() {
    return users.stream()
        .map(u ->
            String.format(
                "%-20s %-9s %-8s %s", u.name(), u.role(), u.site().orElse(""), u.password()))
        .toList();
  }

  private static String password(RandomGenerator random) {
    StringBuilder s = new StringBuilder(PASSWORD_LENGTH);
    for (int i = 0; i < PASSWORD_LENGTH; i++) {
      s.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
    }
    return s.toString();
  }

  private static void requireToken(String value, String what) {
    if (value == null || value.isEmpty() || value.contains(":") || value.contains(";")) {
      throw new IllegalArgumentException(
          "console user " + what + " must be non-empty without ':' or ';', was '" + value + "'");
    }
  }
}

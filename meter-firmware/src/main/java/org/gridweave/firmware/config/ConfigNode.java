package org.gridweave.firmware.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.gridweave.settlement.Account;

/** Typed, path-aware reads from a YAML tree; every error names the dotted field path. */
final class ConfigNode {
  private static final Pattern DURATION = Pattern.compile("([0-9]+)\\s*(ms|s|m|h)");

  private final JsonNode node;
  private final String path;
  private final Path baseDir;

  ConfigNode(JsonNode node, String path, Path baseDir) {
    this.node = node;
    this.path = path;
    this.baseDir = baseDir;
  }

  String field(String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  void allowOnly(Set<String> names) throws ConfigException {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String n = it.next();
      if (!names.contains(n)) {
        throw new ConfigException(field(n), "unknown field; known fields are " + names);
      }
    }
  }

  boolean has(String name) {
    JsonNode v = node.get(name);
    return v != null && !v.isNull();
  }

  ConfigNode object(String name) throws ConfigException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull()) {
      throw new ConfigException(field(name), "is required");
    }
    if (!v.isObject()) {
      throw new ConfigException(field(name), "must be a mapping of fields");
    }
    return new ConfigNode(v, field(name), baseDir);
  }

  String text(String name) throws ConfigException {
    JsonNode v = node.get(name);
    if (v == null || v.isNull() || v.asText().isBlank()) {
      throw new ConfigException(field(name), "is required");
    }
    if (!v.isValueNode() || v.isBoolean()) {
      throw new ConfigException(field(name), "must be a text value");
    }
    return v.asText().strip();
  }

  String text(String name, String absent) throws ConfigException {
    return has(name) ? text(name) : absent;
  }

  double number(String name, double min, double absent) throws ConfigException {
    if (!has(name)) {
      if (Double.isNaN(absent)) {
        throw new ConfigException(field(name), "is required");
      }
      return absent;
    }
    JsonNode v = node.get(name);
    if (!v.isNumber()) {
      throw new ConfigException(field(name), "must be a number, was '" + v.asText() + "'");
    }
    double d = v.asDouble();
    if (!Double.isFinite(d) || d < min) {
      throw new ConfigException(field(name), "must be a number of at least " + min + ", was " + d);
    }
    return d;
  }

  long integer(String name, long absent) throws ConfigException {
    if (!has(name)) {
      return absent;
    }
    JsonNode v = node.get(name);
    if (!v.canConvertToLong() || !v.isIntegralNumber()) {
      throw new ConfigException(field(name), "must be a whole number, was '" + v.asText() + "'");
    }
    return v.asLong();
  }

  boolean bool(String name, boolean absent) throws ConfigException {
    if (!has(name)) {
      return absent;
    }
    JsonNode v = node.get(name);
    if (!v.isBoolean()) {
      throw new ConfigException(field(name), "must be true or false, was '" + v.asText() + "'");
    }
    return v.asBoolean();
  }

  /** A duration written as {@code 500ms}, {@code 5s}, {@code 1m} or {@code 1h}. */
  Duration duration(String name, Duration absent) throws ConfigException {
    if (!has(name)) {
      return absent;
    }
    String text = node.get(name).asText().strip();
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new ConfigException(
          field(name), "must be a duration such as 500ms, 5s, 1m or 1h, was '" + text + "'");
    }
    long n = Long.parseLong(m.group(1));
    Duration d =
        switch (m.group(2)) {
          case "ms" -> Duration.ofMillis(n);
          case "s" -> Duration.ofSeconds(n);
          case "m" -> Duration.ofMinutes(n);
          default -> Duration.ofHours(n);
        };
    if (d.isZero()) {
      throw new ConfigException(field(name), "must be longer than zero");
    }
    return d;
  }

  /**
   * An optional chain account address: {@code 0x} and 40 hex digits, quoted (unquoted, YAML reads
   * {@code 0x...} as a number), all-lower-case, all-upper-case or a correct EIP-55 checksum.
   */
  Optional<Account> account(String name) throws ConfigException {
    if (!has(name)) {
      return Optional.empty();
    }
    JsonNode v = node.get(name);
    if (v.isNumber()) {
      throw new ConfigException(
          field(name),
          "must be an account address in quotes (\"0x...\"): unquoted, YAML reads 0x... as a"
              + " number, was "
              + v.asText());
    }
    if (!v.isTextual()) {
      throw new ConfigException(
          field(name), "must be an account address (\"0x\" and 40 hex digits), was " + v);
    }
    try {
      return Optional.of(Account.fromHex(v.asText().strip()));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          field(name), "must be an account address (\"0x\" and 40 hex digits): " + e.getMessage());
    }
  }

  /** A path, resolved against the configuration file's folder when relative. */
  Path path(String name) throws ConfigException {
    return baseDir.resolve(text(name)).normalize();
  }
}

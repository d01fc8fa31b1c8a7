package org.gridweave.core.id;

import java.util.regex.Pattern;

/**
 * The shared rule for the ids that appear in MQTT topics: 1 to 64 characters of letters, digits,
 * '.', '_' and '-', starting with a letter or digit. MQTT wildcards and separators ('+', '#', '/')
 * can therefore never appear in an id.
 */
final class Identifier {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Identifier() {}

  static String require(String value, String kind) {
    if (value == null) {
      throw new IllegalArgumentException(kind + " id is missing");
    }
    if (!VALID.matcher(value).matches()) {
      throw new IllegalArgumentException(
          kind
              + " id '"
              + abbreviate(value)
              + "' is invalid: use 1-64 letters, digits, '.', '_' or '-', starting with a letter or"
              + " digit");
    }
    return value;
  }

  static boolean isValid(String value) {
    return value != null && VALID.matcher(value).matches();
  }

  private static String abbreviate(String value) {
    return value.length() <= 80 ? value : value.substring(0, 77) + "...";
  }
}

package org.gridweave.settlement;

import java.util.HexFormat;

/** Parses the hex text of a fixed-length byte value (an account, a hash). */
final class FixedHex {
  private FixedHex() {}

  /**
   * {@code 0x} (optional, either case) and exactly {@code 2 × length} hex digits of either case.
   *
   * @param subject how errors name the value, e.g. "an account address"
   * @param noun how errors name a hex text of it, e.g. "account address"
   */
  static byte[] parse(String hex, int length, String subject, String noun) {
    String digits = digits(hex);
    if (digits.length() != 2 * length) {
      throw new IllegalArgumentException(
          subject + " has " + 2 * length + " hex digits, got " + digits.length() + ": " + hex);
    }
    try {
      return HexFormat.of().parseHex(digits);
    } catch (IllegalArgumentException notHex) {
      throw new IllegalArgumentException("not a hex " + noun + ": " + hex, notHex);
    }
  }

  /** The text without its {@code 0x}. */
  static String digits(String hex) {
    return hex.startsWith("0x") || hex.startsWith("0X") ? hex.substring(2) : hex;
  }
}

package org.gridweave.k8s.chain;

import java.util.HexFormat;
import java.util.regex.Pattern;

/** A 20-byte Ethereum account address, kept as lowercase hex without {@code 0x}. */
public record EthAddress(String hex) implements Comparable<EthAddress> {
  private static final Pattern HEX40 = Pattern.compile("[0-9a-f]{40}");

  public EthAddress {
    if (hex == null || !HEX40.matcher(hex).matches()) {
      throw new IllegalArgumentException(
          "an address is 40 lowercase hex digits without 0x, was '" + hex + "'");
    }
  }

  /** Accepts {@code 0x}-prefixed or bare hex, any case. */
  public static EthAddress of(String text) {
    if (text == null) {
      throw new IllegalArgumentException("an address is required");
    }
    String bare = text.startsWith("0x") || text.startsWith("0X") ? text.substring(2) : text;
    if (bare.length() != 40) {
      throw new IllegalArgumentException(
          "an address has 20 bytes (40 hex digits), '" + text + "' has " + bare.length());
    }
    return new EthAddress(bare.toLowerCase(java.util.Locale.ROOT));
  }

  public static EthAddress of(byte[] bytes) {
    if (bytes == null || bytes.length != 20) {
      throw new IllegalArgumentException(
          "an address has 20 bytes, was " + (bytes == null ? "null" : bytes.length));
    }
    return new EthAddress(HexFormat.of().formatHex(bytes));
  }

  public byte[] bytes() {
    return HexFormat.of().parseHex(hex);
  }

  /** {@code 0x} + lowercase hex. */
  public String prefixed() {
    return "0x" + hex;
  }

  @Override
  public int compareTo(EthAddress other) {
    return hex.compareTo(other.hex);
  }

  @Override
  public String toString() {
    return prefixed();
  }
}

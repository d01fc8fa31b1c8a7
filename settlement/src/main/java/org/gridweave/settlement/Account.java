package org.gridweave.settlement;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;

/**
 * A 20-byte Ethereum account address. {@link #fromHex} accepts all-lower-case, all-upper-case or a
 * correct EIP-55 checksum; {@link #hex()} writes the EIP-55 checksummed form.
 */
public final class Account {

  public static final int LENGTH = 20;

  private final byte[] bytes;

  private Account(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Exactly 20 bytes (copied). */
  public static Account of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "an account address has 20 bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new Account(bytes.clone());
  }

  /**
   * {@code 0x} and 40 hex digits. Mixed case must be a valid EIP-55 checksum (a mistyped address is
   * refused rather than paid).
   */
  public static Account fromHex(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("an account address is required, got null");
    }
    String digits = FixedHex.digits(hex);
    byte[] bytes = FixedHex.parse(hex, LENGTH, "an account address", "account address");
    Account account = new Account(bytes);
    boolean mixedCase =
        !digits.equals(digits.toLowerCase(Locale.ROOT))
            && !digits.equals(digits.toUpperCase(Locale.ROOT));
    if (mixedCase && !account.hex().substring(2).equals(digits)) {
      throw new IllegalArgumentException(
          "account address " + hex + " fails its EIP-55 checksum (expected " + account.hex() + ")");
    }
    return account;
  }

  /** A copy of the 20 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@code 0x} and 40 hex digits in EIP-55 checksummed case. */
  public String hex() {
    String lower = HexFormat.of().formatHex(bytes);
    byte[] hash = Hash32.keccak(lower.getBytes(java.nio.charset.StandardCharsets.US_ASCII)).bytes();
    StringBuilder out = new StringBuilder("0x");
    for (int i = 0; i < lower.length(); i++) {
      char c = lower.charAt(i);
      int nibble = (hash[i / 2] >> (i % 2 == 0 ? 4 : 0)) & 0xf;
      out.append(c >= 'a' && nibble >= 8 ? Character.toUpperCase(c) : c);
    }
    return out.toString();
  }

  void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, LENGTH);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Account that && Arrays.equals(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}

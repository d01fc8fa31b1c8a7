package org.gridweave.settlement;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.web3j.crypto.Hash;

/**
 * 32 bytes: a keccak-256 hash, a Merkle root or an ABI {@code bytes32}. Immutable; ordered as an
 * unsigned big-endian number (the order the Merkle tree sorts leaves and pairs in).
 */
public final class Hash32 implements Comparable<Hash32> {

  public static final int LENGTH = 32;

  /** {@code 0x00…0}: the root of an empty tree. */
  public static final Hash32 ZERO = new Hash32(new byte[LENGTH]);

  private final byte[] bytes;

  private Hash32(byte[] bytes) {
    this.bytes = bytes;
  }

  /** Exactly 32 bytes (copied). */
  public static Hash32 of(byte[] bytes) {
    if (bytes == null || bytes.length != LENGTH) {
      throw new IllegalArgumentException(
          "a Hash32 has 32 bytes, got " + (bytes == null ? "null" : bytes.length));
    }
    return new Hash32(bytes.clone());
  }

  /** {@code 0x} followed by 64 hex digits (either case); the {@code 0x} is optional. */
  public static Hash32 fromHex(String hex) {
    if (hex == null) {
      throw new IllegalArgumentException("a Hash32 in hex is required, got null");
    }
    return new Hash32(FixedHex.parse(hex, LENGTH, "a Hash32", "Hash32"));
  }

  /** keccak-256 of {@code data} (Ethereum's hash, not NIST SHA3-256). */
  public static Hash32 keccak(byte[] data) {
    return new Hash32(Hash.sha3(data));
  }

  /**
   * keccak-256 of the UTF-8 bytes of {@code text}: {@code siteRef}, {@code meterRef}, trade ids.
   */
  public static Hash32 keccakUtf8(String text) {
    if (text == null) {
      throw new IllegalArgumentException("text to hash is required, got null");
    }
    return keccak(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** {@code 0x} and 64 lower-case hex digits. */
  public String hex() {
    return "0x" + HexFormat.of().formatHex(bytes);
  }

  public boolean isZero() {
    return equals(ZERO);
  }

  void copyTo(byte[] target, int offset) {
    System.arraycopy(bytes, 0, target, offset, LENGTH);
  }

  @Override
  public int compareTo(Hash32 other) {
    return Arrays.compareUnsigned(bytes, other.bytes);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Hash32 that && Arrays.equals(bytes, that.bytes);
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

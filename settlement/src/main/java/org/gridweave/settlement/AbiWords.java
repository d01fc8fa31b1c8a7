package org.gridweave.settlement;

import java.math.BigInteger;

/** Static ABI words (32 bytes, big-endian), written into and read from a byte array. */
final class AbiWords {

  static final int WORD = 32;

  private AbiWords() {}

  /** An unsigned integer that fits a Java {@code long} (callers reject negatives). */
  static void putUnsigned(byte[] target, int offset, long value) {
    for (int i = 0; i < Long.BYTES; i++) {
      target[offset + WORD - 1 - i] = (byte) (value >>> (8 * i));
    }
  }

  static void putAddress(byte[] target, int offset, Account account) {
    account.copyTo(target, offset + WORD - Account.LENGTH);
  }

  static void putHash(byte[] target, int offset, Hash32 hash) {
    hash.copyTo(target, offset);
  }

  /** A {@code uint256} word given as a non-negative number below 2^256. */
  static void putWord(byte[] target, int offset, BigInteger word) {
    byte[] magnitude = word.toByteArray();
    int length = magnitude.length;
    int skip = length > WORD ? length - WORD : 0; // a leading sign byte of 0
    System.arraycopy(magnitude, skip, target, offset + WORD - (length - skip), length - skip);
  }

  static BigInteger word(byte[] source, int offset) {
    byte[] word = new byte[WORD];
    System.arraycopy(source, offset, word, 0, WORD);
    return new BigInteger(1, word);
  }

  static Hash32 hash(byte[] source, int offset) {
    byte[] word = new byte[WORD];
    System.arraycopy(source, offset, word, 0, WORD);
    return Hash32.of(word);
  }

  /**
   * The word at {@code offset} read as an unsigned integer of {@code bits} bits (at most 63), or -1
   * when any higher bit is set (so the word is no valid {@code uintN}).
   */
  static long unsigned(byte[] source, int offset, int bits) {
    BigInteger value = word(source, offset);
    return value.bitLength() > bits ? -1 : value.longValueExact();
  }

  /** The word at {@code offset} as an address, or null if its upper 12 bytes are not zero. */
  static Account address(byte[] source, int offset) {
    for (int i = 0; i < WORD - Account.LENGTH; i++) {
      if (source[offset + i] != 0) {
        return null;
      }
    }
    byte[] address = new byte[Account.LENGTH];
    System.arraycopy(source, offset + WORD - Account.LENGTH, address, 0, Account.LENGTH);
    return Account.of(address);
  }
}

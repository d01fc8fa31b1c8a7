package org.gridweave.settlement;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * The packed delta words of {@code commitInterval} (ADR 0013): each {@code uint256} carries two
 * 128-bit entries, high half first; an entry is {@code uint32 participantIndex} (top 32 bits) ‖
 * {@code int96 deltaMicros} (two's complement, low 96 bits). An all-zero entry is padding.
 */
public final class DeltaPacking {

  static final BigInteger LOW_96 = BigInteger.ONE.shiftLeft(96).subtract(BigInteger.ONE);
  static final BigInteger LOW_128 = BigInteger.ONE.shiftLeft(128).subtract(BigInteger.ONE);
  static final BigInteger WORD_LIMIT = BigInteger.ONE.shiftLeft(256);
  private static final BigInteger TWO_96 = BigInteger.ONE.shiftLeft(96);

  private DeltaPacking() {}

  /** Packs {@code deltas} in order, two per word; an odd count leaves the last low half zero. */
  public static List<BigInteger> pack(List<Delta> deltas) {
    List<BigInteger> words = new ArrayList<>((deltas.size() + 1) / 2);
    for (int i = 0; i < deltas.size(); i += 2) {
      BigInteger high = entry(deltas.get(i));
      BigInteger low = i + 1 < deltas.size() ? entry(deltas.get(i + 1)) : BigInteger.ZERO;
      words.add(high.shiftLeft(128).or(low));
    }
    return List.copyOf(words);
  }

  /** One 128-bit entry. */
  static BigInteger entry(Delta delta) {
    BigInteger index = BigInteger.valueOf(Integer.toUnsignedLong(delta.participantIndex()));
    BigInteger micros = BigInteger.valueOf(delta.micros()).and(LOW_96);
    return index.shiftLeft(96).or(micros);
  }

  /**
   * Unpacks {@code words} in order, skipping all-zero (padding) entries.
   *
   * @throws IllegalArgumentException if a word is negative or beyond 256 bits, an index beyond what
   *     a Java {@code int} holds (2^31 - 1), or a delta beyond what a {@code long} holds
   */
  public static List<Delta> unpack(List<BigInteger> words) {
    List<Delta> deltas = new ArrayList<>(2 * words.size());
    for (int w = 0; w < words.size(); w++) {
      BigInteger word = words.get(w);
      if (word.signum() < 0 || word.compareTo(WORD_LIMIT) >= 0) {
        throw new IllegalArgumentException("delta word " + w + " is not a uint256: " + word);
      }
      addEntry(deltas, word.shiftRight(128), w, "high");
      addEntry(deltas, word.and(LOW_128), w, "low");
    }
    return List.copyOf(deltas);
  }

  private static void addEntry(List<Delta> deltas, BigInteger entry, int word, String half) {
    if (entry.signum() == 0) {
      return;
    }
    BigInteger index = entry.shiftRight(96);
    if (index.bitLength() > 31) {
      throw new IllegalArgumentException(
          "delta word "
              + word
              + " ("
              + half
              + " half): participant index "
              + index
              + " is beyond 2^31 - 1");
    }
    BigInteger raw = entry.and(LOW_96);
    BigInteger micros = raw.testBit(95) ? raw.subtract(TWO_96) : raw;
    if (micros.bitLength() > 63) {
      throw new IllegalArgumentException(
          "delta word "
              + word
              + " ("
              + half
              + " half): "
              + micros
              + " micro-units is beyond a 64-bit amount");
    }
    deltas.add(new Delta(index.intValueExact(), micros.longValueExact()));
  }
}

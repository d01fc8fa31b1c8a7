package org.gridweave.settlement;

/**
 * A participant's net balance change in one interval.
 *
 * @param participantIndex the on-chain participant index ({@code uint32}; 0 is the clearing
 *     account)
 * @param micros micro-units of the tariff currency, positive = credited (any {@code long} fits the
 *     contract's {@code int96})
 */
public record Delta(int participantIndex, long micros) {

  public Delta {
    if (participantIndex < 0) {
      throw new IllegalArgumentException(
          "a participant index is not negative, got " + participantIndex);
    }
  }
}

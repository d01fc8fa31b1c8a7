package org.gridweave.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeltaPackingTest {

  @Test
  void packsTwoEntriesPerWordHighHalfFirstWithNegativesInTwosComplement() {
    List<BigInteger> words = DeltaPacking.pack(List.of(new Delta(1, -1), new Delta(2, 5)));

    assertThat(words).hasSize(1);
    assertThat(hex(words.get(0)))
        .isEqualTo(
            "00000001"
                + "ffffffffffffffffffffffff" // index 1, -1 in 96 bits
                + "00000002"
                + "000000000000000000000005"); // index 2, +5
  }

  @Test
  void anOddEntryLeavesTheLowHalfAsPadding() {
    List<BigInteger> words = DeltaPacking.pack(List.of(new Delta(7, 1000)));

    assertThat(hex(words.get(0)))
        .isEqualTo("00000007" + "0000000000000000000003e8" + "0".repeat(32));
  }

  @Test
  void unpacksWhatItPacksAndSkipsPadding() {
    List<Delta> deltas =
        List.of(
            new Delta(0, -12_345_678_901L),
            new Delta(1, Long.MAX_VALUE),
            new Delta(Integer.MAX_VALUE, Long.MIN_VALUE));

    assertThat(DeltaPacking.unpack(DeltaPacking.pack(deltas))).isEqualTo(deltas);
    assertThat(DeltaPacking.unpack(List.of(BigInteger.ZERO))).isEmpty();
  }

  @Test
  void refusesEntriesBeyondWhatJavaHolds() {
    BigInteger hugeIndex = BigInteger.valueOf(0x8000_0000L).shiftLeft(96 + 128);
    BigInteger hugeDelta =
        BigInteger.ONE.shiftLeft(80).shiftLeft(128).or(BigInteger.ONE.shiftLeft(224));

    assertThatThrownBy(() -> DeltaPacking.unpack(List.of(hugeIndex)))
        .hasMessageContaining("participant index 2147483648 is beyond 2^31 - 1");
    assertThatThrownBy(() -> DeltaPacking.unpack(List.of(hugeDelta)))
        .hasMessageContaining("beyond a 64-bit amount");
    assertThatThrownBy(() -> DeltaPacking.unpack(List.of(BigInteger.ONE.shiftLeft(256))))
        .hasMessageContaining("is not a uint256");
  }

  private static String hex(BigInteger word) {
    String digits = word.toString(16);
    return "0".repeat(64 - digits.length()) + digits;
  }
}

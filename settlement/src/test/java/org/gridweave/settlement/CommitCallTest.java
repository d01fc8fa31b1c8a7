package org.gridweave.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;

class CommitCallTest {

  private static final Hash32 TRADES = Hash32.keccakUtf8("trades");
  private static final Hash32 READINGS = Hash32.keccakUtf8("readings");
  private static final CommitCall CALL =
      new CommitCall(
          1_764_000_000L,
          TRADES,
          READINGS,
          1,
          3,
          List.of(new Delta(0, 45), new Delta(17, -40), new Delta(18, -5)));

  @Test
  void encodesAsWeb3jDoes() {
    String web3j =
        FunctionEncoder.encode(
            new Function(
                "commitInterval",
                List.of(
                    new Uint64(1_764_000_000L),
                    new Bytes32(TRADES.bytes()),
                    new Bytes32(READINGS.bytes()),
                    new Uint32(1),
                    new Uint32(3),
                    new DynamicArray<>(
                        Uint256.class, CALL.packedDeltas().stream().map(Uint256::new).toList())),
                List.of()));

    assertThat("0x" + HexFormat.of().formatHex(CALL.encode())).isEqualTo(web3j);
    assertThat(SettlementAbi.selectorHex(SettlementAbi.COMMIT_INTERVAL))
        .isEqualTo(web3j.substring(0, 10));
  }

  @Test
  void decodesWhatItEncodes() throws UndecodableCallException {
    assertThat(CommitCall.decode(CALL.encode())).isEqualTo(CALL);
    CommitCall empty = new CommitCall(0, Hash32.ZERO, Hash32.ZERO, 0, 1, List.of());
    assertThat(CommitCall.decode(empty.encode())).isEqualTo(empty);
  }

  @Test
  void tellsWhyCalldataIsUndecodable() {
    byte[] good = CALL.encode();

    assertReason(new byte[] {1, 2}, "fewer than a 4-byte selector");
    assertReason(withByte(good, 0, 0x12), "wrong selector 0x12");
    assertReason(Arrays.copyOf(good, 100), "truncated: 100 bytes");
    assertReason(
        Arrays.copyOf(good, good.length - 1), "truncated: the deltas array claims 2 words");
    assertReason(Arrays.copyOf(good, good.length + 32), "32 trailing bytes");
    assertReason(withByte(good, 4 + 5 * 32 + 31, 0xe0), "bad offset of the deltas array: 224");
    assertReason(withByte(good, 4 + 4 * 32 + 31, 65), "parts out of range: part 1 of 65");
    assertReason(withByte(good, 4 + 3 * 32 + 31, 3), "parts out of range: part 3 of 3");
    assertReason(withByte(good, 4 + 3 * 32, 1), "part or parts is not a uint32");
    assertReason(withByte(good, 4, 1), "intervalId is not a uint64");
    assertReason(withByte(good, 4 + 7 * 32, 0x80), "is beyond 2^31 - 1");
  }

  @Test
  void sumsDecodedDeltasExactly() throws UndecodableCallException {
    assertThat(CALL.sumsToZero()).isTrue();
    CommitCall unbalanced =
        new CommitCall(
            0, TRADES, READINGS, 0, 1, List.of(new Delta(1, Long.MAX_VALUE), new Delta(2, 1)));
    CommitCall decoded = CommitCall.decode(unbalanced.encode());
    assertThat(decoded.sumsToZero()).isFalse();
    assertThat(decoded.sumMicros())
        .isEqualTo(BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE));
  }

  @Test
  void refusesShapesTheContractRefuses() {
    assertThatThrownBy(() -> new CommitCall(0, TRADES, READINGS, 0, 0, List.of()))
        .hasMessageContaining("parts must be 1..64, got 0");
    assertThatThrownBy(() -> new CommitCall(0, TRADES, READINGS, 2, 2, List.of()))
        .hasMessageContaining("part must be 0..1, got 2");
    assertThatThrownBy(() -> new CommitCall(0, TRADES, READINGS, 0, 1, List.of(new Delta(0, 0))))
        .hasMessageContaining("padding entry");
  }

  private static void assertReason(byte[] calldata, String reason) {
    assertThatThrownBy(() -> CommitCall.decode(calldata))
        .isInstanceOf(UndecodableCallException.class)
        .satisfies(e -> assertThat(((UndecodableCallException) e).reason()).contains(reason));
  }

  private static byte[] withByte(byte[] data, int index, int value) {
    byte[] copy = data.clone();
    copy[index] = (byte) value;
    return copy;
  }
}

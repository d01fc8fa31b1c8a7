package org.gridweave.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint64;

class LeavesTest {

  private static final Account SELLER =
      Account.fromHex("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");
  private static final Account BUYER =
      Account.fromHex("0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359");

  @Test
  void tradeLeafHashesTheAbiEncodingTwice() {
    TradeLeaf trade = new TradeLeaf(1_764_000_000L, "trade-42", SELLER, BUYER, 1_500, 210_000);

    // web3j's own encoder: abi.encode(uint64, bytes32, address, address, uint64, uint64)
    String web3jEncoding =
        FunctionEncoder.encodeConstructor(
            List.of(
                new Uint64(1_764_000_000L),
                new Bytes32(Hash32.keccakUtf8("trade-42").bytes()),
                new Address(SELLER.hex()),
                new Address(BUYER.hex()),
                new Uint64(1_500),
                new Uint64(210_000)));

    assertThat(HexFormat.of().formatHex(trade.abiEncoded())).isEqualTo(web3jEncoding);
    assertThat(trade.hash())
        .isEqualTo(Hash32.keccak(Hash32.keccak(trade.abiEncoded()).bytes()))
        .isNotEqualTo(Hash32.keccak(trade.abiEncoded()));
    assertThat(trade.tradeIdHash().bytes())
        .isEqualTo(Hash32.keccak("trade-42".getBytes(StandardCharsets.UTF_8)).bytes());
  }

  @Test
  void readingLeafHashesMeterRefSeqAndTheSignaturesHash() {
    byte[] signature = {1, 2, 3, 4};
    ReadingLeaf reading = new ReadingLeaf("meter-7", 99, signature);

    String web3jEncoding =
        FunctionEncoder.encodeConstructor(
            List.of(
                new Bytes32(Hash32.keccakUtf8("meter-7").bytes()),
                new Uint64(BigInteger.valueOf(99)),
                new Bytes32(Hash32.keccak(signature).bytes())));

    assertThat(HexFormat.of().formatHex(reading.abiEncoded())).isEqualTo(web3jEncoding);
    assertThat(reading.hash())
        .isEqualTo(Hash32.keccak(Hash32.keccak(reading.abiEncoded()).bytes()));
    signature[0] = 9;
    assertThat(reading).isEqualTo(new ReadingLeaf("meter-7", 99, new byte[] {1, 2, 3, 4}));
  }

  @Test
  void leavesRefuseValuesTheContractCannotHold() {
    assertThatThrownBy(() -> new TradeLeaf(-1, "t", SELLER, BUYER, 1, 1))
        .hasMessageContaining("intervalId is a uint64");
    assertThatThrownBy(() -> new TradeLeaf(0, "", SELLER, BUYER, 1, 1))
        .hasMessageContaining("trade id is required");
    assertThatThrownBy(() -> new TradeLeaf(0, "t", SELLER, BUYER, -5, 1))
        .hasMessageContaining("wh is a uint64");
    assertThatThrownBy(() -> new ReadingLeaf("m", 1, new byte[0]))
        .hasMessageContaining("signature bytes are required");
  }
}

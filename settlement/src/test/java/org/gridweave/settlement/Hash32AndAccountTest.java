package org.gridweave.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Hash32AndAccountTest {

  @Test
  void keccakIsEthereumsNotNistSha3() {
    assertThat(Hash32.keccakUtf8("").hex())
        .isEqualTo("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470");
    assertThat(Hash32.keccakUtf8("abc").hex())
        .isEqualTo("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45");
  }

  @Test
  void hexRoundTripsAndRefusesWrongLengths() {
    Hash32 hash = Hash32.keccakUtf8("abc");
    assertThat(Hash32.fromHex(hash.hex())).isEqualTo(hash);
    assertThat(Hash32.fromHex(hash.hex().substring(2).toUpperCase())).isEqualTo(hash);
    assertThatThrownBy(() -> Hash32.fromHex("0x1234")).hasMessageContaining("64 hex digits, got 4");
    assertThatThrownBy(() -> Hash32.fromHex("0x" + "zz".repeat(32)))
        .hasMessageContaining("not a hex");
    assertThatThrownBy(() -> Hash32.of(new byte[31])).hasMessageContaining("got 31");
  }

  @Test
  void ordersAsUnsignedNumbers() {
    Hash32 small = Hash32.fromHex("0x7f" + "00".repeat(31));
    Hash32 large = Hash32.fromHex("0x80" + "00".repeat(31)); // negative as a signed byte
    List<Hash32> sorted = new ArrayList<>(List.of(large, small, Hash32.ZERO));
    sorted.sort(null);
    assertThat(sorted).containsExactly(Hash32.ZERO, small, large);
  }

  @Test
  void writesEip55ChecksummedAddresses() {
    // The test vectors of EIP-55.
    for (String address :
        List.of(
            "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
            "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
            "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
            "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")) {
      assertThat(Account.fromHex(address.toLowerCase()).hex()).isEqualTo(address);
      assertThat(Account.fromHex(address).hex()).isEqualTo(address);
    }
  }

  @Test
  void refusesAMistypedChecksumAndWrongLengths() {
    assertThatThrownBy(() -> Account.fromHex("0x5AAeb6053F3E94C9b9A09f33669435E7Ef1BeAed"))
        .hasMessageContaining("fails its EIP-55 checksum");
    assertThatThrownBy(() -> Account.fromHex("0x5aaeb6"))
        .hasMessageContaining("40 hex digits, got 6");
    assertThatThrownBy(() -> Account.of(new byte[32])).hasMessageContaining("20 bytes, got 32");
  }
}

package org.gridweave.k8s.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;

class QbftExtraDataTest {
  /**
   * The genesis of Besu's "Configure QBFT consensus" page (block header validator selection):
   * besu.hyperledger.org/private-networks/how-to/configure/consensus/qbft.
   */
  static final String BESU_DOCS_EXTRA_DATA =
      "0xf87aa00000000000000000000000000000000000000000000000000000000000000000"
          + "f85494"
          + "64a702e6263b7297a96638cac6ae65e6541f4169"
          + "94"
          + "3923390ad55e90c237593b3b0e401f3b08a03185"
          + "94"
          + "aefdb9a738c9f433e5b6b212a6d62f6370c2f692"
          + "94"
          + "c7eeb9a4e00ce683cf93039b212648e01c6c6b78"
          + "c080c0";

  static final List<EthAddress> BESU_DOCS_VALIDATORS =
      List.of(
          EthAddress.of("0x64a702e6263b7297a96638cac6ae65e6541f4169"),
          EthAddress.of("0x3923390ad55e90c237593b3b0e401f3b08a03185"),
          EthAddress.of("0xaefdb9a738c9f433e5b6b212a6d62f6370c2f692"),
          EthAddress.of("0xc7eeb9a4e00ce683cf93039b212648e01c6c6b78"));

  @Test
  void encodesTheBesuDocumentationsFourValidatorGenesisByteForByte() {
    assertThat(QbftExtraData.genesis(BESU_DOCS_VALIDATORS).toHex()).isEqualTo(BESU_DOCS_EXTRA_DATA);
  }

  @Test
  void decodesTheBesuDocumentationsExampleToItsValidatorsInOrder() {
    QbftExtraData decoded = QbftExtraData.fromHex(BESU_DOCS_EXTRA_DATA);

    assertThat(decoded.validators()).containsExactlyElementsOf(BESU_DOCS_VALIDATORS);
    assertThat(decoded.vanity()).containsOnly(0);
  }

  @Test
  void anEmptyValidatorListIsTheBesuDocumentationsContractSelectionForm() {
    // The same page's genesis for contract validator selection.
    assertThat(QbftExtraData.genesis(List.of()).toHex())
        .isEqualTo("0xe5a0" + "00".repeat(32) + "c0c080c0");
  }

  @Test
  void matchesAHandBuiltRlpOfTheFiveFields() {
    EthAddress one = EthAddress.of("0x" + "11".repeat(20));
    EthAddress two = EthAddress.of("0x" + "22".repeat(20));
    byte[] vanity = new byte[32];
    vanity[31] = 7;
    // list header: 33 (vanity) + 1 + 2 x 21 (validators) + 1 (vote) + 1 (round) + 1 (seals) = 79
    String expected =
        "f84f"
            + "a0"
            + "00".repeat(31)
            + "07"
            + "ea"
            + "94"
            + "11".repeat(20)
            + "94"
            + "22".repeat(20)
            + "c0"
            + "80"
            + "c0";

    byte[] encoded = new QbftExtraData(vanity, List.of(one, two)).encode();

    assertThat(HexFormat.of().formatHex(encoded)).isEqualTo(expected);
    assertThat(QbftExtraData.decode(encoded))
        .isEqualTo(new QbftExtraData(vanity, List.of(one, two)));
  }

  @Test
  void roundTripsGeneratedValidators() {
    List<EthAddress> validators =
        List.of(
            NodeKey.ofPrivateKey("0x" + "01".repeat(32)).address(),
            NodeKey.ofPrivateKey("0x" + "02".repeat(32)).address(),
            NodeKey.ofPrivateKey("0x" + "03".repeat(32)).address(),
            NodeKey.ofPrivateKey("0x" + "04".repeat(32)).address());
    QbftExtraData extraData = QbftExtraData.genesis(validators);

    assertThat(QbftExtraData.fromHex(extraData.toHex())).isEqualTo(extraData);
  }

  @Test
  void refusesWhatIsNoGenesisExtraData() {
    byte[] vanity = new byte[32];
    RlpString address = RlpString.create(new byte[20]);
    RlpList validators = new RlpList(address);

    assertThatThrownBy(() ->
            QbftExtraData.decode(
                RlpEncoder.encode(
                    new RlpList(
                        RlpString.create(vanity),
                        validators,
                        new RlpList(RlpString.create(new byte[20]), RlpString.create(1)),
                        RlpString.create(new byte[0]),
                        new RlpList()))))
        .hasMessageContaining("no vote");
    assertThatThrownBy(() ->
            QbftExtraData.decode(
                RlpEncoder.encode(
                    new RlpList(
                        RlpString.create(vanity),
                        validators,
                        new RlpList(),
                        RlpString.create(1),
                        new RlpList()))))
        .hasMessageContaining("round 0");
    assertThatThrownBy(() ->
            QbftExtraData.decode(
                RlpEncoder.encode(
                    new RlpList(
                        RlpString.create(vanity),
                        validators,
                        new RlpList(),
                        RlpString.create(new byte[0]),
                        new RlpList(RlpString.create(new byte[65]))))))
        .hasMessageContaining("no seals");
    assertThatThrownBy(() ->
            QbftExtraData.decode(
                RlpEncoder.encode(new RlpList(RlpString.create(vanity), validators))))
        .hasMessageContaining("5 fields");
    assertThatThrownBy(() -> QbftExtraData.fromHex(BESU_DOCS_EXTRA_DATA + "00"))
        .hasMessageContaining("not exactly one RLP list");
    assertThatThrownBy(() -> QbftExtraData.fromHex("f87a")).hasMessageContaining("0x-prefixed");
  }

  @Test
  void refusesABadVanityAndRepeatedValidators() {
    assertThatThrownBy(() -> new QbftExtraData(new byte[31], List.of()))
        .hasMessageContaining("32 bytes, was 31");
    EthAddress one = BESU_DOCS_VALIDATORS.get(0);
    assertThatThrownBy(() -> QbftExtraData.genesis(List.of(one, one)))
        .hasMessageContaining("listed twice");
  }
}

package org.gridweave.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;

class SettlementAbiAndEventsTest {

  private static final Hash32 TRADES = Hash32.keccakUtf8("trades");
  private static final Hash32 READINGS = Hash32.keccakUtf8("readings");
  private static final Account ACCOUNT =
      Account.fromHex("0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed");

  @Test
  void selectorsAndTopicsAreKeccakOfTheSignature() {
    assertThat(SettlementAbi.selectorHex(SettlementAbi.selector("transfer(address,uint256)")))
        .isEqualTo("0xa9059cbb");
    assertThat(SettlementAbi.INTERVAL_SETTLED_TOPIC.hex())
        .isEqualTo(
            EventEncoder.encode(
                new Event(
                    "IntervalSettled",
                    List.of(
                        new TypeReference<Uint64>(true) {},
                        new TypeReference<Bytes32>() {},
                        new TypeReference<Bytes32>() {},
                        new TypeReference<Uint32>() {}))));
  }

  @Test
  void describesTheContractsReverts() {
    String notOperator =
        FunctionEncoder.encode(
            new org.web3j.abi.datatypes.Function(
                "NotOperator", List.of(new Address(ACCOUNT.hex())), List.of()));
    String nonZeroSum =
        FunctionEncoder.encode(
            new org.web3j.abi.datatypes.Function(
                "NonZeroSum", List.of(new Int256(BigInteger.valueOf(-5))), List.of()));

    assertThat(SettlementAbi.describeRevert(bytes(notOperator)))
        .contains("NotOperator(" + ACCOUNT.hex() + ")");
    assertThat(SettlementAbi.describeRevert(bytes(nonZeroSum))).contains("NonZeroSum(-5)");
    assertThat(SettlementAbi.describeRevert(bytes("0x08c379a0"))).isEmpty();
  }

  @Test
  void decodesIntervalSettled() throws UndecodableEventException {
    byte[] data =
        bytes(
            FunctionEncoder.encodeConstructor(
                List.of(
                    new Bytes32(TRADES.bytes()), new Bytes32(READINGS.bytes()), new Uint32(2))));

    SettlementEvent event =
        SettlementEvents.decode(
            List.of(SettlementAbi.INTERVAL_SETTLED_TOPIC, uintTopic(1_764_000_900L)), data);

    assertThat(event).isEqualTo(new IntervalSettled(1_764_000_900L, TRADES, READINGS, 2));
  }

  @Test
  void decodesIntervalPartSettled() throws UndecodableEventException {
    List<Delta> deltas = List.of(new Delta(0, 5), new Delta(3, -5));
    byte[] data =
        bytes(
            FunctionEncoder.encodeConstructor(
                List.of(
                    new Uint32(1),
                    new Uint32(2),
                    new DynamicArray<>(
                        Uint256.class,
                        DeltaPacking.pack(deltas).stream().map(Uint256::new).toList()))));

    SettlementEvent event =
        SettlementEvents.decode(
            List.of(SettlementAbi.INTERVAL_PART_SETTLED_TOPIC, uintTopic(900)), data);

    assertThat(event).isEqualTo(new IntervalPartSettled(900, 1, 2, deltas));
  }

  @Test
  void decodesParticipantRegistered() throws UndecodableEventException {
    byte[] accountTopic = new byte[32];
    System.arraycopy(ACCOUNT.bytes(), 0, accountTopic, 12, 20);
    Hash32 siteRef = Hash32.keccakUtf8("site-1");

    SettlementEvent event =
        SettlementEvents.decode(
            List.of(
                SettlementAbi.PARTICIPANT_REGISTERED_TOPIC, uintTopic(4), Hash32.of(accountTopic)),
            siteRef.bytes());

    assertThat(event).isEqualTo(new ParticipantRegistered(4, ACCOUNT, siteRef));
  }

  @Test
  void operatorTopicsAreThoseOfTheSolidityEvents() {
    assertThat(SettlementAbi.OPERATOR_ADDED_TOPIC.hex())
        .isEqualTo(
            EventEncoder.encode(
                new Event("OperatorAdded", List.of(new TypeReference<Address>(true) {}))));
    assertThat(SettlementAbi.OPERATOR_REMOVED_TOPIC.hex())
        .isEqualTo(
            EventEncoder.encode(
                new Event("OperatorRemoved", List.of(new TypeReference<Address>(true) {}))));
    assertThat(SettlementAbi.isSettlementEvent(SettlementAbi.OPERATOR_ADDED_TOPIC)).isTrue();
    assertThat(SettlementAbi.isSettlementEvent(SettlementAbi.OPERATOR_REMOVED_TOPIC)).isTrue();
  }

  @Test
  void decodesOperatorAddedAndRemoved() throws UndecodableEventException {
    assertThat(
            SettlementEvents.decode(
                List.of(SettlementAbi.OPERATOR_ADDED_TOPIC, addressTopic(ACCOUNT)), new byte[0]))
        .isEqualTo(new OperatorAdded(ACCOUNT));
    assertThat(
            SettlementEvents.decode(
                List.of(SettlementAbi.OPERATOR_REMOVED_TOPIC, addressTopic(ACCOUNT)), new byte[0]))
        .isEqualTo(new OperatorRemoved(ACCOUNT));
  }

  @Test
  void tellsWhyAnOperatorLogIsUndecodable() {
    assertThatThrownBy(
            () -> SettlementEvents.decode(List.of(SettlementAbi.OPERATOR_ADDED_TOPIC), new byte[0]))
        .hasMessageContaining("OperatorAdded needs 2 topics and 0 bytes of data, got 1 and 0");
    assertThatThrownBy(() ->
            SettlementEvents.decode(
                List.of(SettlementAbi.OPERATOR_REMOVED_TOPIC, addressTopic(ACCOUNT)), new byte[32]))
        .hasMessageContaining("OperatorRemoved needs 2 topics and 0 bytes of data, got 2 and 32");
    assertThatThrownBy(() ->
            SettlementEvents.decode(
                List.of(SettlementAbi.OPERATOR_ADDED_TOPIC, Hash32.keccakUtf8("not an address")),
                new byte[0]))
        .hasMessageContaining("OperatorAdded.operator is not an address");
  }

  @Test
  void tellsWhyALogIsUndecodable() {
    assertThatThrownBy(() -> SettlementEvents.decode(List.of(TRADES), new byte[0]))
        .hasMessageContaining("is no settlement event");
    assertThatThrownBy(() ->
            SettlementEvents.decode(
                List.of(SettlementAbi.INTERVAL_SETTLED_TOPIC, uintTopic(1)), new byte[64]))
        .hasMessageContaining("IntervalSettled needs 2 topics and 96 bytes of data, got 2 and 64");
    assertThatThrownBy(() -> SettlementEvents.decode(List.of(), new byte[0]))
        .hasMessageContaining("no topics");
  }

  private static Hash32 addressTopic(Account account) {
    byte[] topic = new byte[32];
    System.arraycopy(account.bytes(), 0, topic, 12, 20);
    return Hash32.of(topic);
  }

  private static Hash32 uintTopic(long value) {
    return Hash32.fromHex(FunctionEncoder.encodeConstructor(List.of(new Uint256(value))));
  }

  private static byte[] bytes(String hex) {
    return HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex);
  }
}

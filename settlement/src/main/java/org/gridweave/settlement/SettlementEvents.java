package org.gridweave.settlement;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Decodes the {@code EnergySettlement} contract's logs from their topics and data. */
public final class SettlementEvents {

  private SettlementEvents() {}

  /**
   * Decodes one log.
   *
   * @param topics the log's topics, topic 0 (the event's signature hash) first
   * @param data the log's data
   * @throws UndecodableEventException if topic 0 is no settlement event, or the topics or data do
   *     not fit it (the reason says which)
   */
  public static SettlementEvent decode(List<Hash32> topics, byte[] data)
      throws UndecodableEventException {
    if (topics == null || topics.isEmpty()) {
      throw new UndecodableEventException("the log has no topics");
    }
    if (data == null) {
      throw new UndecodableEventException("the log has no data");
    }
    Hash32 topic0 = topics.get(0);
    if (topic0.equals(SettlementAbi.INTERVAL_SETTLED_TOPIC)) {
      expect(topics, 2, data, 3, "IntervalSettled");
      return new IntervalSettled(
          uint64(topics.get(1), "IntervalSettled.intervalId"),
          AbiWords.hash(data, 0),
          AbiWords.hash(data, 32),
          uint32(data, 64, "IntervalSettled.parts"));
    }
    if (topic0.equals(SettlementAbi.INTERVAL_PART_SETTLED_TOPIC)) {
      return intervalPartSettled(topics, data);
    }
    if (topic0.equals(SettlementAbi.PARTICIPANT_REGISTERED_TOPIC)) {
      expect(topics, 3, data, 1, "ParticipantRegistered");
      Account account = AbiWords.address(topics.get(2).bytes(), 0);
      if (account == null) {
        throw new UndecodableEventException("ParticipantRegistered.account is not an address");
      }
      return new ParticipantRegistered(
          uint32(topics.get(1).bytes(), 0, "ParticipantRegistered.index"),
          account,
          AbiWords.hash(data, 0));
    }
    if (topic0.equals(SettlementAbi.OPERATOR_ADDED_TOPIC)) {
      return new OperatorAdded(operator(topics, data, "OperatorAdded"));
    }
    if (topic0.equals(SettlementAbi.OPERATOR_REMOVED_TOPIC)) {
      return new OperatorRemoved(operator(topics, data, "OperatorRemoved"));
    }
    throw new UndecodableEventException("topic 0 " + topic0 + " is no settlement event");
  }

  private static Account operator(List<Hash32> topics, byte[] data, String event)
      throws UndecodableEventException {
    expect(topics, 2, data, 0, event);
    Account operator = AbiWords.address(topics.get(1).bytes(), 0);
    if (operator == null) {
      throw new UndecodableEventException(event + ".operator is not an address");
    }
    return operator;
  }

  private static IntervalPartSettled intervalPartSettled(List<Hash32> topics, byte[] data)
      throws UndecodableEventException {
    if (topics.size() != 2 || data.length < 4 * AbiWords.WORD) {
      throw new UndecodableEventException(
          "IntervalPartSettled needs 2 topics and at least 128 bytes of data, got "
              + topics.size()
              + " and "
              + data.length);
    }
    long offset = AbiWords.unsigned(data, 64, 31);
    if (offset != 3 * AbiWords.WORD) {
      throw new UndecodableEventException(
          "IntervalPartSettled: bad offset of the deltas array: " + AbiWords.word(data, 64));
    }
    long length = AbiWords.unsigned(data, 96, 31);
    if (length < 0 || data.length != 4 * AbiWords.WORD + AbiWords.WORD * length) {
      throw new UndecodableEventException(
          "IntervalPartSettled: the deltas array claims "
              + AbiWords.word(data, 96)
              + " words in "
              + data.length
              + " bytes of data");
    }
    List<BigInteger> words = new ArrayList<>((int) length);
    for (int i = 0; i < length; i++) {
      words.add(AbiWords.word(data, 4 * AbiWords.WORD + AbiWords.WORD * i));
    }
    try {
      return new IntervalPartSettled(
          uint64(topics.get(1), "IntervalPartSettled.intervalId"),
          uint32(data, 0, "IntervalPartSettled.part"),
          uint32(data, 32, "IntervalPartSettled.parts"),
          DeltaPacking.unpack(words));
    } catch (IllegalArgumentException invalid) {
      throw new UndecodableEventException("IntervalPartSettled: " + invalid.getMessage(), invalid);
    }
  }

  private static void expect(
      List<Hash32> topics, int topicCount, byte[] data, int dataWords, String event)
      throws UndecodableEventException {
    if (topics.size() != topicCount || data.length != dataWords * AbiWords.WORD) {
      throw new UndecodableEventException(
          event
              + " needs "
              + topicCount
              + " topics and "
              + dataWords * AbiWords.WORD
              + " bytes of data, got "
              + topics.size()
              + " and "
              + data.length);
    }
  }

  private static long uint64(Hash32 topic, String field) throws UndecodableEventException {
    long value = AbiWords.unsigned(topic.bytes(), 0, 63);
    if (value < 0) {
      throw new UndecodableEventException(field + " is not a uint64 below 2^63");
    }
    return value;
  }

  private static int uint32(byte[] source, int offset, String field)
      throws UndecodableEventException {
    long value = AbiWords.unsigned(source, offset, 31);
    if (value < 0) {
      throw new UndecodableEventException(field + " is beyond 2^31 - 1");
    }
    return (int) value;
  }
}

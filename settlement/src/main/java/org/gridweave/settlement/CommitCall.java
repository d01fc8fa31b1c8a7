package org.gridweave.settlement;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * One {@code commitInterval(uint64 intervalId, bytes32 tradesRoot, bytes32 readingsRoot, uint32
 * part, uint32 parts, uint256[] deltas)} call: the unit the ledger client sends, the Besu plugin's
 * validator checks and the outbox stores.
 *
 * <p>The record checks the shape rules ({@code 1 <= parts <= 64}, {@code part < parts}); whether
 * the deltas sum to zero is a rule of the contract, asked with {@link #sumsToZero()}, so that a
 * validator can reject such a call with that reason rather than as undecodable.
 */
public record CommitCall(
    long intervalId,
    Hash32 tradesRoot,
    Hash32 readingsRoot,
    int part,
    int parts,
    List<Delta> deltas) {

  /** The contract's limit on the parts of one interval. */
  public static final int MAX_PARTS = 64;

  private static final int HEAD_WORDS = 6;
  private static final int DELTAS_OFFSET = HEAD_WORDS * AbiWords.WORD;

  public CommitCall {
    if (intervalId < 0) {
      throw new IllegalArgumentException("intervalId is a uint64, got " + intervalId);
    }
    if (tradesRoot == null || readingsRoot == null) {
      throw new IllegalArgumentException("tradesRoot and readingsRoot are required");
    }
    if (parts < 1 || parts > MAX_PARTS) {
      throw new IllegalArgumentException("parts must be 1..64, got " + parts);
    }
    if (part < 0 || part >= parts) {
      throw new IllegalArgumentException("part must be 0.." + (parts - 1) + ", got " + part);
    }
    if (deltas == null) {
      throw new IllegalArgumentException("deltas are required (an empty list for none)");
    }
    for (Delta delta : deltas) {
      if (delta == null) {
        throw new IllegalArgumentException("a delta is null");
      }
      if (delta.participantIndex() == 0 && delta.micros() == 0) {
        throw new IllegalArgumentException(
            "a delta of 0 for participant 0 is the padding entry and cannot be sent");
      }
    }
    deltas = List.copyOf(deltas);
  }

  /** Whether the deltas sum to zero, as the contract requires of each part. */
  public boolean sumsToZero() {
    return sumMicros().signum() == 0;
  }

  /** The exact sum of the deltas (a {@code BigInteger}: decoded calldata may overflow a long). */
  public BigInteger sumMicros() {
    BigInteger sum = BigInteger.ZERO;
    for (Delta delta : deltas) {
      sum = sum.add(BigInteger.valueOf(delta.micros()));
    }
    return sum;
  }

  /** The packed {@code uint256[] deltas} argument. */
  public List<BigInteger> packedDeltas() {
    return DeltaPacking.pack(deltas);
  }

  /** The calldata: selector and the standard (canonical) ABI encoding of the arguments. */
  public byte[] encode() {
    List<BigInteger> words = packedDeltas();
    byte[] data = new byte[4 + AbiWords.WORD * (HEAD_WORDS + 1 + words.size())];
    int selector = SettlementAbi.COMMIT_INTERVAL;
    data[0] = (byte) (selector >>> 24);
    data[1] = (byte) (selector >>> 16);
    data[2] = (byte) (selector >>> 8);
    data[3] = (byte) selector;
    int at = 4;
    AbiWords.putUnsigned(data, at, intervalId);
    AbiWords.putHash(data, at + 32, tradesRoot);
    AbiWords.putHash(data, at + 64, readingsRoot);
    AbiWords.putUnsigned(data, at + 96, part);
    AbiWords.putUnsigned(data, at + 128, parts);
    AbiWords.putUnsigned(data, at + 160, DELTAS_OFFSET);
    AbiWords.putUnsigned(data, at + 192, words.size());
    for (int i = 0; i < words.size(); i++) {
      AbiWords.putWord(data, at + 224 + AbiWords.WORD * i, words.get(i));
    }
    return data;
  }

  /**
   * Decodes {@code commitInterval} calldata. Only the canonical encoding is accepted (the deltas
   * array right after the head, nothing after it): what every ABI encoder produces.
   *
   * @throws UndecodableCallException with a reason: no or a wrong selector, truncated or trailing
   *     bytes, a value beyond its type, a bad array offset or length, parts out of range, a delta
   *     entry beyond what this side holds, or a padding entry in use
   */
  public static CommitCall decode(byte[] calldata) throws UndecodableCallException {
    if (calldata == null || calldata.length < 4) {
      throw new UndecodableCallException(
          "calldata has "
              + (calldata == null ? 0 : calldata.length)
              + " bytes, fewer than a 4-byte selector");
    }
    int selector = SettlementAbi.selectorOf(calldata).orElseThrow();
    if (selector != SettlementAbi.COMMIT_INTERVAL) {
      throw new UndecodableCallException(
          "wrong selector "
              + SettlementAbi.selectorHex(selector)
              + " (commitInterval is "
              + SettlementAbi.selectorHex(SettlementAbi.COMMIT_INTERVAL)
              + ")");
    }
    int headEnd = 4 + AbiWords.WORD * (HEAD_WORDS + 1);
    if (calldata.length < headEnd) {
      throw new UndecodableCallException(
          "truncated: " + calldata.length + " bytes, the arguments need at least " + headEnd);
    }
    int at = 4;
    long intervalId = AbiWords.unsigned(calldata, at, 64 - 1);
    if (intervalId < 0) {
      throw new UndecodableCallException("intervalId is not a uint64 below 2^63");
    }
    Hash32 tradesRoot = AbiWords.hash(calldata, at + 32);
    Hash32 readingsRoot = AbiWords.hash(calldata, at + 64);
    long part = AbiWords.unsigned(calldata, at + 96, 32);
    long parts = AbiWords.unsigned(calldata, at + 128, 32);
    if (part < 0 || parts < 0) {
      throw new UndecodableCallException("part or parts is not a uint32");
    }
    if (parts < 1 || parts > MAX_PARTS || part >= parts) {
      throw new UndecodableCallException(
          "parts out of range: part "
              + part
              + " of "
              + parts
              + " (1 <= parts <= 64, part < parts)");
    }
    long offset = AbiWords.unsigned(calldata, at + 160, 32);
    if (offset != DELTAS_OFFSET) {
      throw new UndecodableCallException(
          "bad offset of the deltas array: "
              + AbiWords.word(calldata, at + 160)
              + " (canonical is "
              + DELTAS_OFFSET
              + ")");
    }
    long length = AbiWords.unsigned(calldata, at + 192, 32);
    long expected = headEnd + (long) AbiWords.WORD * Math.max(length, 0);
    if (length < 0 || calldata.length < expected) {
      throw new UndecodableCallException(
          "truncated: the deltas array claims "
              + AbiWords.word(calldata, at + 192)
              + " words, the calldata holds "
              + (calldata.length - headEnd) / AbiWords.WORD);
    }
    if (calldata.length > expected) {
      throw new UndecodableCallException(
          (calldata.length - expected) + " trailing bytes after the deltas array");
    }
    List<BigInteger> words = new ArrayList<>((int) length);
    for (int i = 0; i < length; i++) {
      words.add(AbiWords.word(calldata, headEnd + AbiWords.WORD * i));
    }
    try {
      return new CommitCall(
          intervalId,
          tradesRoot,
          readingsRoot,
          (int) part,
          (int) parts,
          DeltaPacking.unpack(words));
    } catch (IllegalArgumentException invalid) {
      throw new UndecodableCallException(invalid.getMessage(), invalid);
    }
  }
}

package org.gridweave.settlement;

import java.util.Arrays;

/**
 * One signed telemetry message the delivery check used, as a Merkle leaf (ADR 0013): {@code
 * keccak256(bytes.concat(keccak256(abi.encode(bytes32 meterRef, uint64 seq, bytes32
 * signatureHash))))} with {@code meterRef = keccak256(utf8(meterId))} and {@code signatureHash =
 * keccak256(signature)}.
 */
public record ReadingLeaf(String meterId, long seq, byte[] signature) {

  public ReadingLeaf {
    if (meterId == null || meterId.isEmpty()) {
      throw new IllegalArgumentException("a meter id is required");
    }
    if (seq < 0) {
      throw new IllegalArgumentException("seq is a uint64, got " + seq);
    }
    if (signature == null || signature.length == 0) {
      throw new IllegalArgumentException("the message's signature bytes are required");
    }
    signature = signature.clone();
  }

  /** A copy of the signature bytes. */
  @Override
  public byte[] signature() {
    return signature.clone();
  }

  /** The 96-byte {@code abi.encode(...)} the leaf hashes. */
  public byte[] abiEncoded() {
    byte[] encoded = new byte[3 * AbiWords.WORD];
    AbiWords.putHash(encoded, 0, Hash32.keccakUtf8(meterId));
    AbiWords.putUnsigned(encoded, 32, seq);
    AbiWords.putHash(encoded, 64, Hash32.keccak(signature));
    return encoded;
  }

  /** The leaf: keccak of keccak of {@link #abiEncoded()}. */
  public Hash32 hash() {
    return Hash32.keccak(Hash32.keccak(abiEncoded()).bytes());
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ReadingLeaf that
        && meterId.equals(that.meterId)
        && seq == that.seq
        && Arrays.equals(signature, that.signature);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * meterId.hashCode() + Long.hashCode(seq)) + Arrays.hashCode(signature);
  }

  @Override
  public String toString() {
    return "ReadingLeaf[meterId="
        + meterId
        + ", seq="
        + seq
        + ", signature="
        + signature.length
        + " bytes]";
  }
}

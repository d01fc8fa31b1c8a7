package org.gridweave.settlement;

/**
 * One delivered trade as a Merkle leaf (ADR 0013): {@code keccak256(bytes.concat(keccak256(
 * abi.encode(uint64 intervalId, bytes32 tradeId, address seller, address buyer, uint64 wh, uint64
 * priceMicros))))} with {@code tradeId = keccak256(utf8(tradeId))}.
 *
 * @param intervalId the interval start in Unix seconds
 * @param tradeId the market's trade id (hashed; never on chain in clear)
 * @param wh the trade's cleared energy in Wh
 * @param priceMicros the seller's price per kWh in micro-units of the tariff currency
 */
public record TradeLeaf(
    long intervalId, String tradeId, Account seller, Account buyer, long wh, long priceMicros) {

  public TradeLeaf {
    if (intervalId < 0) {
      throw new IllegalArgumentException("intervalId is a uint64, got " + intervalId);
    }
    if (tradeId == null || tradeId.isEmpty()) {
      throw new IllegalArgumentException("a trade id is required");
    }
    if (seller == null || buyer == null) {
      throw new IllegalArgumentException("seller and buyer accounts are required");
    }
    if (wh < 0) {
      throw new IllegalArgumentException("wh is a uint64, got " + wh);
    }
    if (priceMicros < 0) {
      throw new IllegalArgumentException("priceMicros is a uint64, got " + priceMicros);
    }
  }

  /** {@code keccak256(utf8(tradeId))}, the {@code bytes32 tradeId} the contract sees. */
  public Hash32 tradeIdHash() {
    return Hash32.keccakUtf8(tradeId);
  }

  /** The 192-byte {@code abi.encode(...)} the leaf hashes. */
  public byte[] abiEncoded() {
    byte[] encoded = new byte[6 * AbiWords.WORD];
    AbiWords.putUnsigned(encoded, 0, intervalId);
    AbiWords.putHash(encoded, 32, tradeIdHash());
    AbiWords.putAddress(encoded, 64, seller);
    AbiWords.putAddress(encoded, 96, buyer);
    AbiWords.putUnsigned(encoded, 128, wh);
    AbiWords.putUnsigned(encoded, 160, priceMicros);
    return encoded;
  }

  /** The leaf: keccak of keccak of {@link #abiEncoded()}. */
  public Hash32 hash() {
    return Hash32.keccak(Hash32.keccak(abiEncoded()).bytes());
  }
}

package org.gridweave.settlement.chain;

import java.util.HexFormat;
import org.gridweave.settlement.Hash32;

/**
 * A signed raw transaction, ready for {@code eth_sendRawTransaction}: what the ledger client stores
 * in its outbox before sending, and re-sends unchanged (same nonce, same hash) after a crash.
 *
 * @param raw the RLP-encoded signed transaction
 * @param hash its transaction hash (keccak of {@code raw})
 * @param nonce the sender's nonce it was signed with
 */
public record SignedTransaction(byte[] raw, Hash32 hash, long nonce) {

  public SignedTransaction {
    if (raw == null || raw.length == 0) {
      throw new IllegalArgumentException("a signed transaction needs its raw bytes");
    }
    raw = raw.clone();
    if (!hash.equals(Hash32.keccak(raw))) {
      throw new IllegalArgumentException("hash " + hash + " is not the keccak of the raw bytes");
    }
  }

  /** Wraps stored raw bytes; the hash is recomputed. */
  public static SignedTransaction ofRaw(byte[] raw, long nonce) {
    return new SignedTransaction(raw, Hash32.keccak(raw), nonce);
  }

  @Override
  public byte[] raw() {
    return raw.clone();
  }

  public String rawHex() {
    return "0x" + HexFormat.of().formatHex(raw);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SignedTransaction that && hash.equals(that.hash) && nonce == that.nonce;
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "SignedTransaction[" + hash + ", nonce " + nonce + ", " + raw.length + " bytes]";
  }
}

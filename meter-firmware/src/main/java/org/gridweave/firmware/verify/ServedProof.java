package org.gridweave.firmware.verify;

import java.util.List;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;

/**
 * One trade's Merkle proof as the controller serves it ({@code GET
 * /settlements/{interval}/proofs}): the trade's fields, the leaf and root the controller claims,
 * and the sibling hashes. Nothing here is trusted: {@link SettlementVerifier} recomputes the leaf
 * from the fields and checks the proof against the root on chain.
 *
 * @param intervalId the interval the controller says the trade belongs to (Unix seconds)
 * @param tradeId the market's trade id
 * @param tradeIdHash the controller's {@code keccak256(utf8(tradeId))}
 * @param wh the trade's cleared energy in Wh
 * @param priceMicros the seller's price per kWh in micro-units
 * @param leaf the leaf hash the controller claims
 * @param proof sibling hashes from the leaf up to the root
 * @param root the root the controller claims
 */
public record ServedProof(
    long intervalId,
    String tradeId,
    Hash32 tradeIdHash,
    Account seller,
    Account buyer,
    long wh,
    long priceMicros,
    Hash32 leaf,
    List<Hash32> proof,
    Hash32 root) {

  public ServedProof {
    proof = List.copyOf(proof);
  }
}

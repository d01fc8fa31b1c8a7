package org.gridweave.firmware.verify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;

/**
 * The controller's answer to {@code GET /settlements/{interval}/proofs?site=S}: one site's trades
 * in one interval with their proofs.
 *
 * @param interval the interval's start
 * @param intervalId the same in Unix seconds (the contract's {@code intervalId})
 * @param site the site asked about
 * @param account the site's settlement account on chain
 * @param tradesRoot the root of the interval's trades the controller claims
 * @param contract the settlement contract the controller names, if it names one
 * @param proofs the site's trades, possibly none
 */
public record SiteProofs(
    Instant interval,
    long intervalId,
    String site,
    Account account,
    Hash32 tradesRoot,
    Optional<Account> contract,
    List<ServedProof> proofs) {

  public SiteProofs {
    proofs = List.copyOf(proofs);
  }
}

package org.gridweave.firmware.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.gridweave.core.id.SiteId;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.TradeLeaf;

/**
 * {@code meter verify}'s logic: fetches a site's proofs from the controller and checks each trade
 * against the chain alone. Per trade: the leaf recomputed from the fields ({@link TradeLeaf}, with
 * the interval asked for) must equal the served leaf; the served proof must lead from that leaf to
 * the interval's trades root <em>read from the contract</em> ({@link MerkleTree#verify}, locally);
 * and the contract's own {@code verifyTrade} must agree. The controller's roots are never trusted.
 */
public final class SettlementVerifier {
  private final ProofSource controller;
  private final ChainReader.Opener chain;

  public SettlementVerifier(ProofSource controller, ChainReader.Opener chain) {
    this.controller = controller;
    this.chain = chain;
  }

  /**
   * Verifies {@code site}'s trades in the interval starting at {@code interval}.
   *
   * @param contract the contract to read; empty to use the one the controller names
   * @throws VerificationException when the controller or chain cannot be read, or the controller
   *     answers for another interval or site, or no contract is known
   */
  public Verification verify(Instant interval, SiteId site, Optional<Account> contract)
      throws VerificationException {
    if (interval.getNano() != 0) {
      throw new VerificationException("an interval starts on a whole second, not at " + interval);
    }
    long intervalId = interval.getEpochSecond();
    SiteProofs served = controller.proofs(interval, site);
    if (served.intervalId() != intervalId) {
      throw new VerificationException(
          "the controller answered for interval "
              + served.interval()
              + " (id "
              + served.intervalId()
              + "), not "
              + interval
              + " (id "
              + intervalId
              + ")");
    }
    if (!served.site().equals(site.value())) {
      throw new VerificationException(
          "the controller answered for site " + served.site() + ", not " + site.value());
    }
    List<String> notes = new ArrayList<>();
    Account address;
    if (contract.isPresent()) {
      address = contract.get();
      served
          .contract()
          .filter(c -> !c.equals(address))
          .ifPresent(c ->
              notes.add(
                  "note: the controller names contract "
                      + c.hex()
                      + "; reading "
                      + address.hex()
                      + " as asked"));
    } else {
      address =
          served
              .contract()
              .orElseThrow(() ->
                  new VerificationException(
                      "the controller names no settlement contract; give one with --contract"));
    }
    try (ChainReader reader = chain.open(address)) {
      ChainInterval onChain = reader.interval(intervalId);
      List<TradeCheck> checks = new ArrayList<>();
      if (onChain.settled()) {
        for (ServedProof p : served.proofs()) {
          TradeLeaf fields =
              new TradeLeaf(
                  intervalId, p.tradeId(), p.seller(), p.buyer(), p.wh(), p.priceMicros());
          var leaf = fields.hash();
          checks.add(
              new TradeCheck(
                  p,
                  intervalId,
                  served.account(),
                  leaf,
                  onChain.tradesRoot(),
                  MerkleTree.verify(leaf, p.proof(), onChain.tradesRoot()),
                  reader.verifyTrade(fields, p.proof())));
        }
      }
      return new Verification(served, address, onChain, notes, checks);
    }
  }
}

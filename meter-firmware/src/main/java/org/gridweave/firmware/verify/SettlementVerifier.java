package org.gridweave.firmware.verify;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.TreeSet;
import org.gridweave.core.id.SiteId;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Delta;
import org.gridweave.settlement.IntervalPartSettled;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.TradeLeaf;

/**
 * {@code meter verify}'s logic: fetches a site's proofs from the controller and checks them, and
 * the money, against the chain alone.
 *
 * <p>Per trade: the leaf recomputed from the fields ({@link TradeLeaf}, with the interval asked
 * for) must equal the served leaf; the served proof must lead from that leaf to the interval's
 * trades root <em>read from the contract</em> ({@link MerkleTree#verify}, locally); and the
 * contract's own {@code verifyTrade} must agree. The controller's roots are never trusted.
 *
 * <p>Money: the site's net for the interval is summed from the interval's {@code
 * IntervalPartSettled} events read from the chain's logs, in the blocks the controller names (a
 * hint where to look, nothing more: every part of the interval must be found there, else the check
 * fails closed). A controller that shows no trades while the chain moved money for the site fails.
 *
 * <p>The contract and the site's account are the prosumer's ({@code --contract}/{@code --account},
 * the meter config's {@code settlement:} section); only when neither is given is the controller's
 * word taken, with a WARNING, and the verification is then "not independent".
 */
public final class SettlementVerifier {
  private final ProofSource controller;
  private final ChainReader.Opener chain;

  public SettlementVerifier(ProofSource controller, ChainReader.Opener chain) {
    this.controller = controller;
    this.chain = chain;
  }

  /**
   * Verifies {@code site}'s trades and on-chain net in the interval starting at {@code interval}.
   *
   * @param contract the contract to read, as the prosumer gave it; empty to take the one the
   *     controller names (not independent)
   * @param account the site's chain account, as the prosumer gave it; empty to take the one the
   *     controller names (not independent)
   * @throws VerificationException when the controller or chain cannot be read, or the controller
   *     answers for another interval or site, or no contract is known
   */
  public Verification verify(
      Instant interval, SiteId site, Optional<Anchor> contract, Optional<Anchor> account)
      throws VerificationException {
    if (interval.getNano() != 0) {
      throw new VerificationException("an interval starts on a whole second, not at " + interval);
    }
    contract
        .filter(Anchor::controllersWord)
        .ifPresent(a -> {
          throw new IllegalArgumentException("a given contract cannot be the controller's word");
        });
    account
        .filter(Anchor::controllersWord)
        .ifPresent(a -> {
          throw new IllegalArgumentException("a given account cannot be the controller's word");
        });
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
    Anchor contractAnchor;
    if (contract.isPresent()) {
      contractAnchor = contract.get();
      Account address = contractAnchor.address();
      served
          .contract()
          .filter(c -> !c.equals(address))
          .ifPresent(c ->
              notes.add(
                  "note: the controller names contract "
                      + c.hex()
                      + "; reading "
                      + address.hex()
                      + " (from "
                      + contractAnchor.source()
                      + ")"));
    } else {
      contractAnchor =
          Anchor.controllers(
              served
                  .contract()
                  .orElseThrow(() ->
                      new VerificationException(
                          "the controller names no settlement contract; give one with --contract"
                              + " or settlement.contract in the meter's config")));
    }
    Anchor accountAnchor = account.orElseGet(() -> Anchor.controllers(served.account()));
    Account me = accountAnchor.address();
    try (ChainReader reader = chain.open(contractAnchor.address())) {
      ChainInterval onChain = reader.interval(intervalId);
      List<TradeCheck> checks = new ArrayList<>();
      Optional<SiteNet> net = Optional.empty();
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
                  me,
                  leaf,
                  onChain.tradesRoot(),
                  MerkleTree.verify(leaf, p.proof(), onChain.tradesRoot()),
                  reader.verifyTrade(fields, p.proof())));
        }
        net = Optional.of(siteNet(reader, interval, me, onChain));
      }
      return new Verification(served, contractAnchor, accountAnchor, onChain, notes, checks, net);
    }
  }

  /**
   * The site's net over the interval's parts, from the chain's logs; {@code Unread} says why not.
   */
  private SiteNet siteNet(ChainReader reader, Instant interval, Account me, ChainInterval onChain)
      throws VerificationException {
    long intervalId = interval.getEpochSecond();
    OptionalInt found = reader.indexOf(me);
    if (found.isEmpty()) {
      return new SiteNet.Unread(
          "the account "
              + me.hex()
              + " is not a participant of the contract, so the chain cannot have settled money to"
              + " it: a wrong account, or the wrong contract");
    }
    int index = found.getAsInt();
    Account registered = reader.participantAccount(index);
    if (!registered.equals(me)) {
      return new SiteNet.Unread(
          "the contract's indexOf("
              + me.hex()
              + ") is "
              + index
              + ", but its participant "
              + index
              + " is "
              + registered.hex()
              + ": not a consistent settlement contract");
    }
    ServedSettlement record;
    try {
      record = controller.settlement(interval);
    } catch (VerificationException e) {
      return new SiteNet.Unread(
          "where the interval settled is unknown, the controller's settlement record could not be"
              + " read: "
              + e.getMessage());
    }
    if (record.intervalId() != intervalId) {
      return new SiteNet.Unread(
          "the controller's settlement record is for interval "
              + record.interval()
              + ", not "
              + interval);
    }
    if (record.blocks().isEmpty()) {
      return new SiteNet.Unread(
          "the controller names no block where the interval's parts landed"
              + record.status().map(s -> " (its status: '" + s + "')").orElse("")
              + ", so the site's on-chain net cannot be read");
    }
    TreeMap<Integer, IntervalPartSettled> parts = new TreeMap<>();
    TreeSet<Long> holding = new TreeSet<>();
    for (long block : record.blocks()) {
      for (IntervalPartSettled part : reader.partsSettledIn(intervalId, block)) {
        if (parts.putIfAbsent(part.part(), part) == null) {
          holding.add(block);
        }
      }
    }
    String where = "block" + (record.blocks().size() == 1 ? " " : "s ") + join(record.blocks());
    if (parts.isEmpty()) {
      return new SiteNet.Unread(
          "the chain has no IntervalPartSettled event of interval "
              + intervalId
              + " in "
              + where
              + ", where the controller says it settled, so the site's on-chain net cannot be"
              + " read");
    }
    List<Integer> missing = new ArrayList<>();
    for (int p = 0; p < onChain.parts(); p++) {
      if (!parts.containsKey(p)) {
        missing.add(p);
      }
    }
    if (!missing.isEmpty() || parts.lastKey() >= onChain.parts()) {
      return new SiteNet.Unread(
          "the chain's IntervalPartSettled events of interval "
              + intervalId
              + " in "
              + where
              + " hold parts "
              + join(parts.keySet())
              + " of its "
              + onChain.parts()
              + (missing.isEmpty() ? "" : " (missing: " + join(missing) + ")")
              + ", so the site's on-chain net would be incomplete");
    }
    long net = 0;
    try {
      for (IntervalPartSettled part : parts.values()) {
        for (Delta d : part.deltas()) {
          if (d.participantIndex() == index) {
            net = Math.addExact(net, d.micros());
          }
        }
      }
    } catch (ArithmeticException e) {
      return new SiteNet.Unread("the site's deltas overflow a 64-bit sum of micro-units");
    }
    return new SiteNet.Read(index, net, parts.size(), List.copyOf(holding));
  }

  private static String join(Iterable<?> values) {
    List<String> out = new ArrayList<>();
    values.forEach(v -> out.add(String.valueOf(v)));
    return String.join(", ", out);
  }
}

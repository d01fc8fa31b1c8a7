package org.gridweave.firmware.verify;

import java.util.ArrayList;
import java.util.List;
import org.gridweave.settlement.Account;

/**
 * The outcome of {@code meter verify}: what the controller served, what the chain holds, and each
 * trade's checks. {@link #ok()} only when the interval is settled on chain, the controller's root
 * is the chain's, and every trade passed every check.
 *
 * @param served the controller's answer
 * @param contract the contract read
 * @param chain the contract's state for the interval
 * @param notes remarks that are no failure (such as a contract overridden on the command line)
 * @param trades one check per served trade; empty when the interval is not settled
 */
public record Verification(
    SiteProofs served,
    Account contract,
    ChainInterval chain,
    List<String> notes,
    List<TradeCheck> trades) {

  public Verification {
    notes = List.copyOf(notes);
    trades = List.copyOf(trades);
  }

  public boolean settled() {
    return chain.settled();
  }

  /** The controller's trades root is the one committed on chain. */
  public boolean rootAgrees() {
    return served.tradesRoot().equals(chain.tradesRoot());
  }

  public long failedTrades() {
    return trades.stream().filter(t -> !t.ok()).count();
  }

  public boolean ok() {
    return settled() && rootAgrees() && failedTrades() == 0;
  }

  /** What {@code meter verify} prints: a header, one line per trade, a summary. */
  public List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add(
        "interval "
            + served.interval()
            + " (id "
            + served.intervalId()
            + "), site "
            + served.site()
            + ", account "
            + served.account().hex()
            + ", contract "
            + contract.hex());
    out.addAll(notes);
    if (!settled()) {
      out.add(
          "NOT SETTLED on chain: "
              + (chain.parts() == 0
                  ? "no part of the interval has landed"
                  : chain.partsDone() + " of " + chain.parts() + " parts have landed")
              + "; nothing can be verified yet");
      return out;
    }
    out.add("on-chain trades root " + chain.tradesRoot().hex());
    if (!rootAgrees()) {
      out.add(
          "ROOT MISMATCH: the controller serves trades root "
              + served.tradesRoot().hex()
              + ", which is not the one on chain");
    }
    trades.forEach(t -> out.add(t.describe()));
    out.add(summary());
    return out;
  }

  private String summary() {
    if (trades.isEmpty()) {
      return "site "
          + served.site()
          + " has no trades in this interval"
          + (rootAgrees() ? "" : "; the controller's root does not match the chain");
    }
    long failed = failedTrades();
    if (ok()) {
      return "verified: all "
          + trades.size()
          + " trade(s) of site "
          + served.site()
          + " are committed on chain (leaf, Merkle proof and contract agree)";
    }
    return "FAILED: "
        + failed
        + " of "
        + trades.size()
        + " trade(s) did not verify"
        + (rootAgrees() ? "" : "; the controller's root does not match the chain");
  }
}

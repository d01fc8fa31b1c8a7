package org.gridweave.firmware.verify;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@code meter verify}: what the controller served, what the chain holds, each
 * trade's checks and the site's net for the interval on chain. {@link #ok()} only when the interval
 * is settled on chain, the controller's root is the chain's, the controller names the site's given
 * account, every trade passed every check, the site's on-chain net was read, and the controller did
 * not show no trades while the chain moved money for the site.
 *
 * @param served the controller's answer
 * @param contract the contract read, and where its address came from
 * @param account the site's chain account, and where it came from
 * @param chain the contract's state for the interval
 * @param notes remarks that are no failure (such as another contract named by the controller)
 * @param trades one check per served trade; empty when the interval is not settled
 * @param net the site's net on chain; empty when the interval is not settled
 */
public record Verification(
    SiteProofs served,
    Anchor contract,
    Anchor account,
    ChainInterval chain,
    List<String> notes,
    List<TradeCheck> trades,
    Optional<SiteNet> net) {

  /** What a controller that shows no trades while money moved is told. */
  public static final String OMISSION =
      "the chain moved money for this site in this interval but the controller showed no trades";

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

  /** The controller names the site's account the prosumer gave (trivially, when it gave none). */
  public boolean accountAgrees() {
    return served.account().equals(account.address());
  }

  public long failedTrades() {
    return trades.stream().filter(t -> !t.ok()).count();
  }

  /** The site's net on chain, when it could be read. */
  public Optional<SiteNet.Read> netRead() {
    return net.filter(SiteNet.Read.class::isInstance).map(SiteNet.Read.class::cast);
  }

  /** The controller served no trades, yet the chain moved money for the site in the interval. */
  public boolean omission() {
    return trades.isEmpty() && netRead().map(n -> n.netMicros() != 0).orElse(false);
  }

  /**
   * Both the contract and the account were given by the prosumer, not taken from the controller.
   */
  public boolean independent() {
    return !contract.controllersWord() && !account.controllersWord();
  }

  public boolean ok() {
    return settled()
        && rootAgrees()
        && accountAgrees()
        && failedTrades() == 0
        && netRead().isPresent()
        && !omission();
  }

  /** What {@code meter verify} prints: a header, warnings, one line per trade, money, a summary. */
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
            + account.describe()
            + ", contract "
            + contract.describe());
    if (contract.controllersWord()) {
      out.add(
          "WARNING: the contract address is the controller's word: a dishonest controller can name"
              + " its own copy of the contract, whose roots and events it writes. Set"
              + " settlement.contract in the meter's config (or pass --contract) to the address the"
              + " grid operator published.");
    }
    if (account.controllersWord()) {
      out.add(
          "WARNING: the site's account is the controller's word: a dishonest controller can name"
              + " another account for the site. Set settlement.account in the meter's config (or"
              + " pass --account) to the account given when the site was registered.");
    }
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
    if (!accountAgrees()) {
      out.add(
          "ACCOUNT MISMATCH: the controller settles site "
              + served.site()
              + " to "
              + served.account().hex()
              + ", not to "
              + account.address().hex()
              + " (from "
              + account.source()
              + ")");
    }
    trades.forEach(t -> out.add(t.describe()));
    net.ifPresent(n -> out.addAll(money(n)));
    out.add(summary());
    return out;
  }

  private List<String> money(SiteNet net) {
    List<String> out = new ArrayList<>();
    switch (net) {
      case SiteNet.Unread u -> out.add("MONEY NOT VERIFIED: " + u.reason());
      case SiteNet.Read r -> {
        out.add(
            "on-chain net of site "
                + served.site()
                + " (participant "
                + r.participantIndex()
                + ") in this interval: "
                + r.amount()
                + " ("
                + r.netMicros()
                + " micro-units, the sum of its deltas in the IntervalPartSettled event"
                + (r.parts() == 1 ? "" : "s")
                + " of all "
                + r.parts()
                + " part(s), read from the chain in block"
                + (r.blocks().size() == 1 ? " " : "s ")
                + String.join(", ", r.blocks().stream().map(String::valueOf).toList())
                + ")");
        if (omission()) {
          out.add("OMISSION: " + OMISSION);
        } else if (!trades.isEmpty()) {
          List<TradeCheck> verified = trades.stream().filter(TradeCheck::ok).toList();
          long sold =
              verified.stream()
                  .filter(t -> t.served().seller().equals(account.address()))
                  .mapToLong(t -> t.served().wh())
                  .sum();
          long bought =
              verified.stream()
                  .filter(t -> t.served().buyer().equals(account.address()))
                  .mapToLong(t -> t.served().wh())
                  .sum();
          out.add(
              "the "
                  + verified.size()
                  + " verified trade(s): sold "
                  + sold
                  + " Wh, bought "
                  + bought
                  + " Wh, beside the on-chain net "
                  + r.amount()
                  + " (not compared: fees, penalties and shortfall charges make the money differ"
                  + " from the trades' value)");
        }
      }
    }
    return out;
  }

  private String summary() {
    List<String> failures = new ArrayList<>();
    long failed = failedTrades();
    if (failed > 0) {
      failures.add(failed + " of " + trades.size() + " trade(s) did not verify");
    }
    if (!rootAgrees()) {
      failures.add("the controller's root does not match the chain");
    }
    if (!accountAgrees()) {
      failures.add("the controller names another account for the site");
    }
    if (omission()) {
      failures.add(OMISSION);
    }
    if (netRead().isEmpty()) {
      failures.add("the site's on-chain net could not be read from the chain");
    }
    String text;
    if (!failures.isEmpty()) {
      text = "FAILED: " + String.join("; ", failures);
    } else if (trades.isEmpty()) {
      text =
          "verified: site "
              + served.site()
              + " has no trades in this interval and the chain moved no money for it";
    } else {
      text =
          "verified: all "
              + trades.size()
              + " trade(s) of site "
              + served.site()
              + " are committed on chain (leaf, Merkle proof and contract agree); its on-chain net"
              + " is "
              + netRead().orElseThrow().amount();
    }
    if (!independent()) {
      List<String> words = new ArrayList<>();
      if (contract.controllersWord()) {
        words.add("the contract");
      }
      if (account.controllersWord()) {
        words.add("the site's account");
      }
      text +=
          "; not independent: "
              + String.join(" and ", words)
              + (words.size() == 1 ? " was" : " were")
              + " the controller's word (see the WARNING)";
    }
    return text;
  }
}

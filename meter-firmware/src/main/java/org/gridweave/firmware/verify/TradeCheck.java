package org.gridweave.firmware.verify;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;

/**
 * The checks of one served trade.
 *
 * @param served what the controller served
 * @param site this site's settlement account
 * @param leaf the leaf recomputed from the served fields (with the interval asked for)
 * @param chainRoot the interval's trades root on chain
 * @param proofOk the served proof leads from {@code leaf} to {@code chainRoot} (checked locally)
 * @param contractOk the contract's {@code verifyTrade} said true for the fields and proof
 */
public record TradeCheck(
    ServedProof served,
    long intervalId,
    Account site,
    Hash32 leaf,
    Hash32 chainRoot,
    boolean proofOk,
    boolean contractOk) {

  public boolean intervalOk() {
    return served.intervalId() == intervalId;
  }

  public boolean tradeIdHashOk() {
    return served.tradeIdHash().equals(Hash32.keccakUtf8(served.tradeId()));
  }

  public boolean leafOk() {
    return served.leaf().equals(leaf);
  }

  public boolean involvesSite() {
    return served.seller().equals(site) || served.buyer().equals(site);
  }

  /** Every check passed. */
  public boolean ok() {
    return intervalOk() && tradeIdHashOk() && leafOk() && involvesSite() && proofOk && contractOk;
  }

  /** One line: what the trade was and what was verified about it. */
  public String describe() {
    String price = BigDecimal.valueOf(served.priceMicros(), 6).toPlainString() + "/kWh";
    String what;
    if (served.seller().equals(site)) {
      what = "sold " + served.wh() + " Wh at " + price + " to " + shortHex(served.buyer().hex());
    } else if (served.buyer().equals(site)) {
      what =
          "bought " + served.wh() + " Wh at " + price + " from " + shortHex(served.seller().hex());
    } else {
      what =
          served.wh()
              + " Wh at "
              + price
              + " from "
              + shortHex(served.seller().hex())
              + " to "
              + shortHex(served.buyer().hex())
              + ", NOT a trade of this site's account "
              + shortHex(site.hex());
    }
    List<String> checks = new ArrayList<>();
    if (!intervalOk()) {
      checks.add("SERVED FOR INTERVAL " + served.intervalId() + ", not " + intervalId);
    }
    if (!tradeIdHashOk()) {
      checks.add(
          "TRADE ID HASH WRONG (served "
              + shortHex(served.tradeIdHash().hex())
              + ", keccak of the id is "
              + shortHex(Hash32.keccakUtf8(served.tradeId()).hex())
              + ")");
    }
    checks.add(
        leafOk()
            ? "leaf ok"
            : "LEAF MISMATCH (the fields hash to "
                + shortHex(leaf.hex())
                + ", the controller served "
                + shortHex(served.leaf().hex())
                + ")");
    String proof =
        (proofOk ? "proof ok" : "PROOF FAILS")
            + " against on-chain root "
            + shortHex(chainRoot.hex());
    if (!served.root().equals(chainRoot)) {
      proof += " (the controller's root " + shortHex(served.root().hex()) + " is not on chain)";
    }
    checks.add(proof);
    checks.add("contract verifyTrade=" + contractOk);
    return "trade " + served.tradeId() + ": " + what + ": " + String.join(", ", checks);
  }

  /** {@code 0x1234ab…cdef}: enough to tell hashes and accounts apart on a line. */
  static String shortHex(String hex) {
    return hex.length() <= 14 ? hex : hex.substring(0, 8) + "…" + hex.substring(hex.length() - 4);
  }
}

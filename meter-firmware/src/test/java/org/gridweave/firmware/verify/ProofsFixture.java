package org.gridweave.firmware.verify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;
import org.gridweave.settlement.MerkleTree;
import org.gridweave.settlement.TradeLeaf;

/** Builds what the controller serves for a site, from trade leaves, and renders it as its JSON. */
public final class ProofsFixture {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProofsFixture() {}

  /**
   * The proofs of {@code account}'s trades among {@code all}, as an honest controller serves them.
   */
  public static SiteProofs honest(
      long intervalId,
      String site,
      Account account,
      Optional<Account> contract,
      List<TradeLeaf> all) {
    MerkleTree tree = MerkleTree.of(all.stream().map(TradeLeaf::hash).toList());
    List<ServedProof> mine = new ArrayList<>();
    for (TradeLeaf t : all) {
      if (t.seller().equals(account) || t.buyer().equals(account)) {
        mine.add(
            new ServedProof(
                t.intervalId(),
                t.tradeId(),
                t.tradeIdHash(),
                t.seller(),
                t.buyer(),
                t.wh(),
                t.priceMicros(),
                t.hash(),
                tree.proof(t.hash()),
                tree.root()));
      }
    }
    return new SiteProofs(
        Instant.ofEpochSecond(intervalId), intervalId, site, account, tree.root(), contract, mine);
  }

  /** The same answer with trade {@code tradeId}'s proof changed by {@code change}. */
  public static SiteProofs changing(
      SiteProofs s, String tradeId, UnaryOperator<ServedProof> change) {
    return new SiteProofs(
        s.interval(),
        s.intervalId(),
        s.site(),
        s.account(),
        s.tradesRoot(),
        s.contract(),
        s.proofs().stream().map(p -> p.tradeId().equals(tradeId) ? change.apply(p) : p).toList());
  }

  public static ServedProof withWh(ServedProof p, long wh) {
    return new ServedProof(
        p.intervalId(),
        p.tradeId(),
        p.tradeIdHash(),
        p.seller(),
        p.buyer(),
        wh,
        p.priceMicros(),
        p.leaf(),
        p.proof(),
        p.root());
  }

  /**
   * The controller's settlement record ({@code GET /settlements/{interval}}) of a settled interval
   * whose parts (one per block given, in order) landed in {@code blocks}, with its other fields.
   */
  public static String settlementJson(long intervalId, Hash32 tradesRoot, long... blocks) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("interval", Instant.ofEpochSecond(intervalId).toString());
    out.put("interval_id", intervalId);
    out.put("status", "settled");
    out.put("trades", 3);
    out.put("trades_root", tradesRoot.hex());
    out.put("readings_root", Hash32.ZERO.hex());
    out.put("tx_hash", null);
    out.put("block", blocks.length == 0 ? null : blocks[blocks.length - 1]);
    out.put("contract", null);
    List<Map<String, Object>> parts = new ArrayList<>();
    for (int i = 0; i < blocks.length; i++) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("interval", Instant.ofEpochSecond(intervalId).toString());
      m.put("part", i);
      m.put("parts", blocks.length);
      m.put("status", "settled");
      m.put("tx_hash", null);
      m.put("block", blocks[i]);
      m.put("error", null);
      parts.add(m);
    }
    out.put("parts", parts);
    return write(out);
  }

  private static String write(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The controller's JSON ({@code GET /settlements/{interval}/proofs?site=S}). */
  public static String json(SiteProofs s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("interval", s.interval().toString());
    out.put("interval_id", s.intervalId());
    out.put("site", s.site());
    out.put("account", s.account().hex());
    out.put("trades_root", s.tradesRoot().hex());
    out.put("contract", s.contract().map(Account::hex).orElse(null));
    List<Map<String, Object>> proofs = new ArrayList<>();
    for (ServedProof p : s.proofs()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("interval", Instant.ofEpochSecond(p.intervalId()).toString());
      m.put("interval_id", p.intervalId());
      m.put("trade_id", p.tradeId());
      m.put("trade_id_hash", p.tradeIdHash().hex());
      m.put("seller", p.seller().hex());
      m.put("buyer", p.buyer().hex());
      m.put("wh", p.wh());
      m.put("price_micros", p.priceMicros());
      m.put("leaf", p.leaf().hex());
      m.put("proof", p.proof().stream().map(Hash32::hex).toList());
      m.put("root", p.root().hex());
      proofs.add(m);
    }
    out.put("proofs", proofs);
    return write(out);
  }
}

package org.gridweave.controller.service.settlement;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridweave.controller.service.access.Access;
import org.gridweave.controller.service.grid.GridStore;
import org.gridweave.controller.service.web.BadRequest;
import org.gridweave.controller.service.web.JsonBody;
import org.gridweave.controller.service.web.NotFound;
import org.gridweave.controller.settlement.IntervalBatch;
import org.gridweave.core.id.SiteId;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.Hash32;

/**
 * Settlement over REST: an interval's status on chain, a trade's Merkle proof (what a prosumer
 * checks against the chain), the participants' accounts, and the operator's retry of a refused
 * interval. Intervals are addressed by their start, as an ISO-8601 instant or Unix seconds.
 */
@Path("/settlements")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed({"operator", "viewer"})
public class SettlementResource {

  @Inject SettlementService settlement;
  @Inject SettlementStore store;
  @Inject SecurityIdentity identity;
  @Inject GridStore grid;

  @GET
  public Map<String, Object> recent(@QueryParam("limit") Integer limit) {
    int n = limit == null ? 50 : limit;
    if (n < 1 || n > 1000) {
      throw new BadRequest("limit", "must be between 1 and 1000");
    }
    List<Map<String, Object>> parts = new ArrayList<>();
    for (SettlementStore.StoredPart p : store.recent(n)) {
      parts.add(part(p));
    }
    Map<String, Object> out = new LinkedHashMap<>(settlement.status());
    out.put("parts", parts);
    return out;
  }

  @GET
  @Path("{interval}")
  @RolesAllowed({"operator", "viewer", "prosumer"})
  public Map<String, Object> interval(@PathParam("interval") String interval) {
    Instant at = interval(interval, "interval");
    List<SettlementStore.StoredPart> parts = store.parts(at);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("interval", at.toString());
    out.put("interval_id", at.getEpochSecond());
    if (parts.isEmpty()) {
      out.put("status", settlement.hasTrades(at) ? "not built yet" : "nothing to settle");
      return out;
    }
    boolean settled =
        parts.stream()
            .allMatch(p ->
                p.status() == org.gridweave.controller.settlement.SettlementOutbox.Status.SETTLED);
    boolean failed =
        parts.stream()
            .anyMatch(p ->
                p.status() == org.gridweave.controller.settlement.SettlementOutbox.Status.FAILED);
    out.put("status", settled ? "settled" : failed ? "failed" : "pending");
    SettlementStore.StoredPart last = parts.get(parts.size() - 1);
    out.put("trades", last.trades());
    out.put("trades_root", last.tradesRoot());
    out.put("readings_root", last.readingsRoot());
    out.put("tx_hash", last.txHash().orElse(null));
    out.put("block", last.block().isPresent() ? last.block().getAsLong() : null);
    out.put("contract", settlement.contractAddress().orElse(null));
    out.put("parts", parts.stream().map(SettlementResource::part).toList());
    return out;
  }

  @GET
  @Path("{interval}/proof/{tradeId}")
  public Map<String, Object> proof(
      @PathParam("interval") String interval, @PathParam("tradeId") String tradeId) {
    Instant at = interval(interval, "interval");
    IntervalBatch batch = settlement.batch(at);
    IntervalBatch.Proof p =
        batch
            .proof(tradeId)
            .orElseThrow(
                () -> new NotFound("no trade " + tradeId + " was settled in interval " + at));
    return proof(at, p);
  }

  /** Every proof of one site's trades in an interval (what {@code meter verify} fetches). */
  @GET
  @Path("{interval}/proofs")
  @RolesAllowed({"operator", "viewer", "prosumer"})
  public Map<String, Object> proofs(
      @PathParam("interval") String interval, @QueryParam("site") String site) {
    Instant at = interval(interval, "interval");
    if (site == null || site.isBlank()) {
      throw new BadRequest("site", "is required");
    }
    Access.requireSite(identity, site);
    return proofsOf(settlement, at, site(site));
  }

  /**
   * The proofs of one site's trades in an interval (shared with the prosumer's {@code
   * /me/settlements/{interval}/proofs}); static, so no caller's role check is applied twice.
   *
   * @throws NotFound when the site has no settlement account or the interval no settlement
   */
  public static Map<String, Object> proofsOf(SettlementService settlement, Instant at, SiteId id) {
    Account account =
        settlement
            .accountOf(id)
            .orElseThrow(() -> new NotFound("site " + id + " has no settlement account"));
    IntervalBatch batch = settlement.batch(at);
    List<Map<String, Object>> proofs = new ArrayList<>();
    for (String tradeId : batch.tradeIds()) {
      IntervalBatch.Proof p = batch.proof(tradeId).orElseThrow();
      if (p.leaf().seller().equals(account) || p.leaf().buyer().equals(account)) {
        proofs.add(proof(at, p));
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("interval", at.toString());
    out.put("interval_id", at.getEpochSecond());
    out.put("site", id.value());
    out.put("account", account.hex());
    out.put("trades_root", batch.tradesRoot().hex());
    out.put("contract", settlement.contractAddress().orElse(null));
    out.put("proofs", proofs);
    return out;
  }

  /**
   * The proofs that one meter's signed messages are among the readings the interval's settlement
   * committed to: with its own message (signature), a prosumer checks each against the readings
   * root the contract stores.
   */
  @GET
  @Path("{interval}/readings")
  @RolesAllowed({"operator", "viewer", "prosumer"})
  public Map<String, Object> readings(
      @PathParam("interval") String interval, @QueryParam("meter") String meter) {
    Instant at = interval(interval, "interval");
    if (meter == null || meter.isBlank()) {
      throw new BadRequest("meter", "is required");
    }
    Access.siteOf(identity)
        .ifPresent(own -> {
          if (!Access.metersOf(grid, own).contains(meter)) {
            throw new io.quarkus.security.ForbiddenException(
                "a prosumer may only reach their own meters");
          }
        });
    IntervalBatch batch = settlement.readings(at);
    List<Map<String, Object>> proofs = new ArrayList<>();
    for (IntervalBatch.ReadingProof p : batch.readingProofs(meter)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("meter", p.leaf().meterId());
      m.put("seq", p.leaf().seq());
      m.put("signature_hash", Hash32.keccak(p.leaf().signature()).hex());
      m.put("leaf", p.leafHash().hex());
      m.put("proof", p.proof().stream().map(Hash32::hex).toList());
      proofs.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("interval", at.toString());
    out.put("interval_id", at.getEpochSecond());
    out.put("meter", meter);
    out.put("readings_root", batch.readingsRoot().hex());
    out.put("proofs", proofs);
    return out;
  }

  @GET
  @Path("participants")
  public List<Map<String, Object>> participants() {
    List<Map<String, Object>> out = new ArrayList<>();
    store.participants().values().stream()
        .sorted(java.util.Comparator.comparing(p -> p.site().value()))
        .forEach(p -> {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("site", p.site().value());
          m.put("account", p.account().hex());
          m.put("index", p.index().isPresent() ? p.index().getAsLong() : null);
          out.add(m);
        });
    return out;
  }

  /** Sets the chain account a site is settled to; refused (409) once it is registered on chain. */
  @RolesAllowed("operator")
  @PUT
  @Path("participants/{site}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Map<String, Object> putAccount(@PathParam("site") String site, String body) {
    SiteId id = site(site);
    if (!settlement.isSite(id)) {
      throw new NotFound("no site " + site + " in the grid model");
    }
    JsonNode o = JsonBody.object(body, Set.of("account"));
    JsonNode a = o.get("account");
    if (a == null || !a.isTextual()) {
      throw new BadRequest("account", "is required: a 20-byte hex address (0x...)");
    }
    Account account;
    try {
      account = Account.fromHex(a.asText());
    } catch (IllegalArgumentException e) {
      throw new BadRequest("account", e.getMessage());
    }
    if (account.equals(Account.of(new byte[Account.LENGTH]))) {
      throw new BadRequest("account", "the zero address cannot hold a settlement balance");
    }
    if (settlement.isOperator(account)) {
      throw new BadRequest("account", "is the operator's account (the clearing account)");
    }
    var holder = store.siteOf(account);
    if (holder.isPresent() && !holder.get().equals(id)) {
      throw new jakarta.ws.rs.WebApplicationException(
          "account " + account.hex() + " already belongs to another site", 409);
    }
    if (!store.putAccount(id, account)) {
      throw new jakarta.ws.rs.WebApplicationException(
          "site " + site + " is registered on chain; its account cannot change", 409);
    }
    return Map.of("site", id.value(), "account", account.hex());
  }

  /** Runs one settlement pass now (an operator's request; the scheduler runs one every tick). */
  @RolesAllowed("operator")
  @POST
  @Path("run")
  public Map<String, Object> run() {
    if (!settlement.enabled()) {
      throw new NotFound("settlement is not enabled (gridweave.controller.settlement.enabled)");
    }
    var pass = settlement.runOnce();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("settled_parts", pass.settled());
    out.put("stopped_because", pass.stoppedBecause().orElse(null));
    return out;
  }

  /** Puts a refused interval back in line after the operator fixed the cause. */
  @RolesAllowed("operator")
  @POST
  @Path("{interval}/retry")
  public Map<String, Object> retry(@PathParam("interval") String interval) {
    Instant at = interval(interval, "interval");
    if (!store.retry(at)) {
      throw new NotFound("interval " + at + " has no refused settlement to retry");
    }
    return Map.of("interval", at.toString(), "status", "pending");
  }

  private static Map<String, Object> proof(Instant at, IntervalBatch.Proof p) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("interval", at.toString());
    out.put("interval_id", p.leaf().intervalId());
    out.put("trade_id", p.leaf().tradeId());
    out.put("trade_id_hash", p.leaf().tradeIdHash().hex());
    out.put("seller", p.leaf().seller().hex());
    out.put("buyer", p.leaf().buyer().hex());
    out.put("wh", p.leaf().wh());
    out.put("price_micros", p.leaf().priceMicros());
    out.put("leaf", p.leafHash().hex());
    out.put("proof", p.proof().stream().map(Hash32::hex).toList());
    out.put("root", p.root().hex());
    return out;
  }

  private static Map<String, Object> part(SettlementStore.StoredPart p) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("interval", p.interval().toString());
    m.put("part", p.part());
    m.put("parts", p.parts());
    m.put("status", p.status().name().toLowerCase(java.util.Locale.ROOT));
    m.put("tx_hash", p.txHash().orElse(null));
    m.put("block", p.block().isPresent() ? p.block().getAsLong() : null);
    m.put("error", p.error().orElse(null));
    return m;
  }

  private static SiteId site(String site) {
    try {
      return SiteId.of(site);
    } catch (IllegalArgumentException e) {
      throw new BadRequest("site", e.getMessage());
    }
  }

  /** An interval's start as an ISO-8601 instant or Unix seconds; 400 naming the field else. */
  public static Instant interval(String text, String field) {
    try {
      if (text.chars().allMatch(Character::isDigit) && !text.isEmpty() && text.length() <= 12) {
        return Instant.ofEpochSecond(Long.parseLong(text));
      }
      return Instant.parse(text);
    } catch (DateTimeParseException | NumberFormatException e) {
      throw new BadRequest(
          field, "must be an ISO-8601 instant (2026-11-26T10:00:00Z) or Unix seconds");
    }
  }
}

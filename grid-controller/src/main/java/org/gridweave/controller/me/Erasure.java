package org.gridweave.controller.me;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A prosumer's erasure request: what blocks it, the pseudonym that replaces the site id where
 * others' records need it, and the ordered steps of the one transaction that erases. The books of
 * the counterparties and the chain stay consistent: trades keep their amounts and the settlement
 * participant keeps its account, both under the pseudonym; everything else of the site is deleted.
 */
public final class Erasure {
  private Erasure() {}

  /** The confirmation word the request must carry. */
  public static final String CONFIRM = "ERASE";

  /** How many blockers a refusal names at most. */
  public static final int NAMED = 5;

  /** What the site still has in progress. */
  public record Blockers(List<Instant> unsettledIntervals, List<String> openOrders) {
    public Blockers {
      unsettledIntervals = List.copyOf(unsettledIntervals);
      openOrders = List.copyOf(openOrders);
    }

    /** Why the erasure must wait, or empty when nothing blocks it. */
    public Optional<String> refusal() {
      if (unsettledIntervals.isEmpty() && openOrders.isEmpty()) {
        return Optional.empty();
      }
      StringBuilder s = new StringBuilder("your data cannot be erased yet: ");
      if (!openOrders.isEmpty()) {
        s.append("you have open orders (")
            .append(names(openOrders.stream().map(String::valueOf).toList()))
            .append("); cancel them first");
      }
      if (!unsettledIntervals.isEmpty()) {
        if (!openOrders.isEmpty()) {
          s.append("; ");
        }
        s.append("you traded in intervals that are not settled yet (")
            .append(names(unsettledIntervals.stream().map(Instant::toString).toList()))
            .append("); their statements and settlement need your data until they are");
      }
      return Optional.of(s.append(". Try again later.").toString());
    }

    private static String names(List<String> all) {
      String shown = String.join(", ", all.subList(0, Math.min(NAMED, all.size())));
      return all.size() > NAMED ? shown + " and " + (all.size() - NAMED) + " more" : shown;
    }
  }

  /** A fresh pseudonym for an erased site: {@code erased-} and 16 random hex digits. */
  public static String pseudonym(RandomGenerator random) {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return "erased-" + HexFormat.of().formatHex(b);
  }

  /** What a step's SQL takes: $1 and, for pseudonymising steps, $2. */
  public enum Argument {
    /** $1 = the meter ids (text[]). */
    METERS,
    /** $1 = the site id. */
    SITE,
    /** $1 = the site id, $2 = the pseudonym. */
    SITE_AND_PSEUDONYM
  }

  /**
   * One statement of the erasure.
   *
   * @param key the name in the answer's {@code erased} object
   */
  public record Step(String key, Argument argument, String sql) {}

  /**
   * The steps in order. {@code market_agent} deletes the site's agent settings; the service then
   * stores the agent turned off (else the default agent would trade for the site again). The
   * console users of the site are disabled last.
   */
  public static final List<Step> STEPS =
      List.of(
          new Step(
              "reading", Argument.METERS, "DELETE FROM public.reading WHERE meter_id = ANY($1)"),
          new Step(
              "telemetry_message",
              Argument.METERS,
              "DELETE FROM public.telemetry_message WHERE meter_id = ANY($1)"),
          new Step(
              "interval_counters",
              Argument.METERS,
              "DELETE FROM public.interval_counters WHERE meter_id = ANY($1)"),
          new Step(
              "rejection",
              Argument.METERS,
              "DELETE FROM public.rejection WHERE meter_id = ANY($1)"),
          // settlement_reading: kept as leaf hashes first (MeErasure), then deleted here
          new Step(
              "settlement_reading",
              Argument.METERS,
              "DELETE FROM controller.settlement_reading WHERE meter_id = ANY($1)"),
          new Step("command", Argument.SITE, "DELETE FROM controller.command WHERE site_id = $1"),
          new Step(
              "market_order",
              Argument.SITE,
              "DELETE FROM controller.market_order WHERE site_id = $1"),
          new Step(
              "market_agent",
              Argument.SITE,
              "DELETE FROM controller.market_agent WHERE site_id = $1"),
          new Step(
              "statement", Argument.SITE, "DELETE FROM controller.statement WHERE site_id = $1"),
          new Step(
              "trade_bought",
              Argument.SITE_AND_PSEUDONYM,
              "UPDATE controller.trade SET buyer_site = $2 WHERE buyer_site = $1"),
          new Step(
              "trade_sold",
              Argument.SITE_AND_PSEUDONYM,
              "UPDATE controller.trade SET seller_site = $2 WHERE seller_site = $1"),
          new Step(
              "settlement_participant",
              Argument.SITE_AND_PSEUDONYM,
              "UPDATE controller.settlement_participant SET site_id = $2 WHERE site_id = $1"),
          new Step(
              "console_user_disabled",
              Argument.SITE,
              "UPDATE controller.console_user SET disabled = true WHERE site_id = $1"));
}

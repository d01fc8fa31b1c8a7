package org.gridweave.controller.market;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/**
 * Runs the default bidding agents (#5): on every call, for each interval whose gate closes within
 * {@code opensBefore} and each site whose agent is enabled and that has no orders of its own in
 * that interval, quotes the forecast surplus (offer) or deficit (bid) at the agent's current price
 * ({@link BiddingAgent}, then the site's {@link AgentSettings}); replaces the agent's order when
 * the quote moves and withdraws it when there is nothing left to trade. Plain Java: the service
 * calls {@link #run} on a timer, tests with a fake clock. Thread-safe (one lock).
 */
public final class AgentDesk {

  /** Where the agents place orders: a {@link Market}, or the service's market that stores them. */
  public interface Orders {
    Order submit(Market.Request request);

    Order cancel(String id, MeterId meter);

    List<Order> open(Instant interval);

    Instant gateClosure(Instant interval);

    MarketRules rules();
  }

  /** A site that may have an agent. */
  public record Member(SiteId site, MeterId meter) {}

  /** What the agents read each run. */
  public interface Inputs {
    List<Member> members();

    /** The site's forecast for the interval in Wh: positive surplus, negative deficit. */
    Optional<Long> forecastNetWh(Member m, Instant interval);

    long importPriceMicros(Instant interval);

    long exportPriceMicros(Instant interval);

    AgentSettings settings(SiteId site);
  }

  /** What one run did; {@code rejected}: orders refused or not stored (retried next run). */
  public record Run(int placed, int replaced, int withdrawn, int rejected) {}

  private final Duration interval;
  private final Duration opensBefore;
  private final Duration step;

  /** The agent's current order per (site, interval). */
  private final Map<String, String> current = new HashMap<>();

  private long sequence;

  /**
   * @param interval the market's delivery interval
   * @param opensBefore agents start quoting an interval this long before its gate closes
   * @param step and move their price this often
   */
  public AgentDesk(Duration interval, Duration opensBefore, Duration step) {
    if (interval.isZero() || interval.isNegative() || step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("interval and step must be positive");
    }
    if (opensBefore.isZero() || opensBefore.isNegative()) {
      throw new IllegalArgumentException("opens-before must be positive");
    }
    this.interval = interval;
    this.opensBefore = opensBefore;
    this.step = step;
  }

  /** Takes back an order the agents placed before a restart, so it is theirs to move. */
  public synchronized void adopt(SiteId site, Instant interval, String orderId) {
    current.put(site.value() + "@" + interval, orderId);
  }

  /** Whether an order id is one of the agents' (so it does not count as the site's own). */
  public synchronized boolean isAgents(String orderId) {
    return current.containsValue(orderId);
  }

  public synchronized Run run(Orders book, Inputs in, Instant now) {
    int placed = 0;
    int replaced = 0;
    int withdrawn = 0;
    int rejected = 0;
    long nowSeconds = now.getEpochSecond();
    Instant first =
        Instant.ofEpochSecond(nowSeconds - Math.floorMod(nowSeconds, interval.toSeconds()));
    List<Member> members = in.members();
    for (Instant at = first;
        !book.gateClosure(at).isAfter(now.plus(opensBefore));
        at = at.plus(interval)) {
      Instant gate = book.gateClosure(at);
      if (!now.isBefore(gate)) {
        continue;
      }
      List<Order> open = book.open(at);
      Set<SiteId> ownOrders = new HashSet<>();
      Map<String, Order> byId = new HashMap<>();
      for (Order o : open) {
        byId.put(o.id(), o);
        if (!current.containsValue(o.id())) {
          ownOrders.add(o.site());
        }
      }
      for (Member m : members) {
        String key = m.site().value() + "@" + at;
        Order mine = Optional.ofNullable(current.get(key)).map(byId::get).orElse(null);
        AgentSettings settings = in.settings(m.site());
        if (!settings.enabled() || ownOrders.contains(m.site())) {
          // the prosumer trades on its own now: the agent steps aside
          if (mine != null && cancel(book, mine)) {
            withdrawn++;
          }
          current.remove(key);
          continue;
        }
        Optional<Long> net = in.forecastNetWh(m, at);
        if (net.isEmpty()) {
          continue; // no forecast: keep what is posted, if anything
        }
        Optional<BiddingAgent.Quote> quote =
            BiddingAgent.quote(
                    net.get(),
                    in.importPriceMicros(at),
                    in.exportPriceMicros(at),
                    gate.minus(opensBefore),
                    gate,
                    step,
                    now)
                .map(settings::apply)
                .filter(q -> q.energyWh() > 0);
        if (quote.isEmpty()) {
          if (mine != null && cancel(book, mine)) {
            withdrawn++;
          }
          current.remove(key);
          continue;
        }
        BiddingAgent.Quote q = quote.get();
        MarketRules rules = book.rules();
        if ((!q.bid() && q.limitPriceMicros() > rules.maxPriceMicros())
            || (q.bid() && q.limitPriceMicros() < rules.minPriceMicros())) {
          // the site's floor (cap) lies beyond what the market accepts: no order honours it
          if (mine != null && cancel(book, mine)) {
            withdrawn++;
          }
          current.remove(key);
          continue;
        }
        long price =
            Math.max(
                rules.minPriceMicros(), Math.min(rules.maxPriceMicros(), q.limitPriceMicros()));
        if (mine != null
            && mine.bid() == q.bid()
            && mine.energyWh() == q.energyWh()
            && mine.limitPriceMicros() == price
            && mine.localOnly() == settings.localOnly()
            && mine.renewableOnly() == (q.bid() && settings.renewableOnly())) {
          continue;
        }
        if (mine != null && !cancel(book, mine)) {
          continue;
        }
        // at most 41 characters whatever the site id (ids are limited to 64); unique across
        // restarts too: the moment of quoting is part of it
        String id =
            "agent-"
                + Long.toString(at.getEpochSecond() / 60, 36)
                + "-"
                + String.format("%08x", m.site().value().hashCode())
                + "-"
                + Long.toString(now.toEpochMilli(), 36)
                + "-"
                + Long.toString(++sequence, 36);
        try {
          book.submit(
              new Market.Request(
                  id,
                  m.meter(),
                  q.bid(),
                  at,
                  q.energyWh(),
                  price,
                  settings.localOnly(),
                  q.bid() && settings.renewableOnly()));
          current.put(key, id);
          if (mine != null) {
            replaced++;
          } else {
            placed++;
          }
        } catch (RuntimeException e) {
          // refused (or the store failed): this site waits for the next run, the others go on
          current.remove(key);
          rejected++;
        }
      }
    }
    current.keySet().removeIf(k -> Instant.parse(k.substring(k.indexOf('@') + 1)).isBefore(first));
    return new Run(placed, replaced, withdrawn, rejected);
  }

  private static boolean cancel(Orders book, Order o) {
    try {
      book.cancel(o.id(), o.meter());
      return true;
    } catch (RuntimeException e) {
      return false; // gone already (closed or cancelled by the prosumer), or the store failed
    }
  }
}

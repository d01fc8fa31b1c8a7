package org.gridweave.controller.market;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/**
 * The order books of one market, one per delivery interval. Orders are accepted, listed and
 * cancelled until gate closure ({@code interval start − rules.gateClosure()}); then the book is
 * closed for clearing. Order ids are unique across the whole market (a cancelled id stays taken).
 * Thread-safe (one lock).
 */
public final class Market implements AgentDesk.Orders {
  private final MarketRules rules;
  private final Duration interval;
  private final Participants participants;
  private final Clock clock;
  private final Map<Instant, LinkedHashMap<String, Order>> books = new TreeMap<>();
  private final Set<String> ids = new HashSet<>();
  private final Set<Instant> closed = new HashSet<>();

  /** Open orders per interval and site: [bids, offers] (a site trades one side per interval). */
  private final Map<Instant, Map<SiteId, int[]>> sides = new HashMap<>();

  public Market(MarketRules rules, Duration interval, Participants participants, Clock clock) {
    this.rules = rules;
    this.interval = interval;
    this.participants = participants;
    this.clock = clock;
  }

  @Override
  public MarketRules rules() {
    return rules;
  }

  /** What a participant asks for; the market adds the site and the acceptance time. */
  public record Request(
      String id,
      MeterId meter,
      boolean bid,
      Instant interval,
      long energyWh,
      long limitPriceMicros,
      boolean localOnly,
      boolean renewableOnly) {}

  /** Accepts an order or throws {@link OrderRejected} with the reason. */
  @Override
  public synchronized Order submit(Request r) {
    Instant now = clock.instant();
    if (r.interval() == null
        || r.interval().getEpochSecond() % interval.toSeconds() != 0
        || r.interval().getNano() != 0) {
      throw new OrderRejected(
          OrderReason.INVALID_ORDER,
          "interval " + r.interval() + " is not the start of a " + interval + " interval");
    }
    if (!now.isBefore(gateClosure(r.interval())) || closed.contains(r.interval())) {
      throw new OrderRejected(
          OrderReason.AFTER_GATE_CLOSURE,
          "the gate for " + r.interval() + " closed at " + gateClosure(r.interval()));
    }
    if (r.limitPriceMicros() < rules.minPriceMicros()
        || r.limitPriceMicros() > rules.maxPriceMicros()) {
      throw new OrderRejected(
          OrderReason.PRICE_OUT_OF_BOUNDS,
          String.format(
              java.util.Locale.ROOT,
              "limit price %.6f per kWh is outside %.6f..%.6f",
              r.limitPriceMicros() / 1e6,
              rules.minPriceMicros() / 1e6,
              rules.maxPriceMicros() / 1e6));
    }
    Participants.Participant p =
        participants
            .byMeter(r.meter())
            .orElseThrow(() ->
                new OrderRejected(
                    OrderReason.UNKNOWN_METER, "meter " + r.meter() + " is not registered"));
    if (p.revoked()) {
      throw new OrderRejected(OrderReason.REVOKED_METER, "meter " + r.meter() + " was revoked");
    }
    Order o =
        new Order(
            r.id(),
            p.site(),
            r.meter(),
            r.bid(),
            r.interval(),
            r.energyWh(),
            r.limitPriceMicros(),
            r.localOnly(),
            r.bid() && r.renewableOnly(),
            now);
    int[] open = sides.getOrDefault(o.interval(), Map.of()).get(o.site());
    if (open != null && open[o.bid() ? 1 : 0] > 0) {
      throw new OrderRejected(
          OrderReason.BOTH_SIDES,
          "site "
              + o.site()
              + " already "
              + (o.bid() ? "offers" : "bids")
              + " for "
              + o.interval()
              + "; a site trades one side per interval (cancel that order first)");
    }
    if (!ids.add(o.id())) {
      throw new OrderRejected(
          OrderReason.DUPLICATE_ORDER_ID, "order id " + o.id() + " was used before");
    }
    add(o);
    return o;
  }

  private void add(Order o) {
    books.computeIfAbsent(o.interval(), k -> new LinkedHashMap<>()).put(o.id(), o);
    sides.computeIfAbsent(o.interval(), k -> new HashMap<>())
        .computeIfAbsent(o.site(), k -> new int[2])[o.bid() ? 0 : 1]++;
  }

  private void removed(Order o) {
    Map<SiteId, int[]> bySite = sides.get(o.interval());
    int[] open = bySite == null ? null : bySite.get(o.site());
    if (open != null && --open[o.bid() ? 0 : 1] == 0 && open[o.bid() ? 1 : 0] == 0) {
      bySite.remove(o.site());
    }
  }

  /** Withdraws an open order of the requesting meter. */
  @Override
  public synchronized Order cancel(String id, MeterId requester) {
    for (var e : books.entrySet()) {
      Order o = e.getValue().get(id);
      if (o == null) {
        continue;
      }
      if (!o.meter().equals(requester)) {
        throw new OrderRejected(
            OrderReason.UNKNOWN_ORDER, "order " + id + " is not an order of meter " + requester);
      }
      if (!clock.instant().isBefore(gateClosure(o.interval())) || closed.contains(o.interval())) {
        throw new OrderRejected(
            OrderReason.AFTER_GATE_CLOSURE, "the gate for " + o.interval() + " has closed");
      }
      e.getValue().remove(id);
      removed(o);
      return o;
    }
    throw new OrderRejected(OrderReason.UNKNOWN_ORDER, "no open order " + id);
  }

  /** Puts back an order accepted before a restart, keeping its acceptance time. */
  public synchronized void restore(Order o) {
    if (ids.add(o.id())) {
      add(o);
    }
  }

  /**
   * Brings the open books in line with the orders a store holds as open, when other instances take
   * orders too: stored orders missing here are put back (keeping their acceptance time), orders
   * open here but not in the store any more (cancelled or cleared elsewhere) leave. Intervals this
   * market has closed are left alone.
   *
   * @param interval the one interval to look at, or empty for every interval
   * @param storedOpen the store's open orders (of that interval, or all)
   */
  public synchronized void reconcile(
      java.util.Optional<Instant> interval, java.util.Collection<Order> storedOpen) {
    Set<String> stored = new HashSet<>();
    storedOpen.forEach(o -> stored.add(o.id()));
    for (var book : books.entrySet()) {
      if (interval.isPresent() && !interval.get().equals(book.getKey())) {
        continue;
      }
      var it = book.getValue().values().iterator();
      while (it.hasNext()) {
        Order o = it.next();
        if (!stored.contains(o.id())) {
          it.remove();
          removed(o);
        }
      }
    }
    for (Order o : storedOpen) {
      if (closed.contains(o.interval())
          || books.getOrDefault(o.interval(), new LinkedHashMap<>()).containsKey(o.id())) {
        continue;
      }
      ids.add(o.id());
      add(o);
    }
  }

  /** Marks an id as taken (orders of closed intervals, after a restart). */
  public synchronized void reserve(String id) {
    ids.add(id);
  }

  /** The intervals with open orders whose gate has closed by {@code now}. */
  public synchronized List<Instant> due(Instant now) {
    List<Instant> out = new ArrayList<>();
    for (Instant i : books.keySet()) {
      if (!now.isBefore(gateClosure(i))) {
        out.add(i);
      }
    }
    return out;
  }

  @Override
  public synchronized List<Order> open(Instant intervalStart) {
    return List.copyOf(books.getOrDefault(intervalStart, new LinkedHashMap<>()).values());
  }

  @Override
  public Instant gateClosure(Instant intervalStart) {
    return intervalStart.minus(rules.gateClosure());
  }

  /** A closed book: the orders in acceptance order and the arrays the clearing reads. */
  public record Closed(Instant interval, List<Order> orders, List<FeederId> feeders, Book book) {}

  /**
   * Closes the book of an interval whose gate has closed; its orders leave the market.
   *
   * @param feeders the grid's feeders, in the order capacities are given to the clearing
   */
  public synchronized Closed close(Instant intervalStart, List<FeederId> feeders) {
    return close(intervalStart, feeders, false);
  }

  /**
   * @param early close the gate now even if its time has not come (an operator's decision); later
   *     orders for the interval are refused as after gate closure
   */
  public synchronized Closed close(Instant intervalStart, List<FeederId> feeders, boolean early) {
    if (!early && clock.instant().isBefore(gateClosure(intervalStart))) {
      throw new IllegalStateException("the gate for " + intervalStart + " is still open");
    }
    closed.add(intervalStart);
    List<Order> orders =
        new ArrayList<>(books.getOrDefault(intervalStart, new LinkedHashMap<>()).values());
    books.remove(intervalStart);
    sides.remove(intervalStart);
    Map<FeederId, Integer> index = new HashMap<>();
    for (int f = 0; f < feeders.size(); f++) {
      index.put(feeders.get(f), f);
    }
    Map<MeterId, Participants.Participant> byMeter =
        participants.byMeters(orders.stream().map(Order::meter).distinct().toList());
    Map<SiteId, Participants.Participant> bySite = new HashMap<>();
    for (Order o : orders) {
      Participants.Participant p = byMeter.get(o.meter());
      if (p != null) {
        bySite.put(o.site(), p);
      }
    }
    // a meter revoked or moved off the grid since it ordered does not take part
    orders.removeIf(o -> {
      Participants.Participant p = bySite.get(o.site());
      return p == null || p.revoked() || !index.containsKey(p.feeder());
    });
    Book book =
        Book.of(
            orders,
            feeders.size(),
            site -> index.get(bySite.get(site).feeder()),
            site -> bySite.get(site).renewable());
    return new Closed(intervalStart, List.copyOf(orders), List.copyOf(feeders), book);
  }
}

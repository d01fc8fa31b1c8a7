package org.gridweave.controller.service.market;

import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.controller.grid.Feeder;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.controller.market.AgentDesk;
import org.gridweave.controller.market.AgentSettings;
import org.gridweave.controller.market.Clearing;
import org.gridweave.controller.market.ClearingExplanation;
import org.gridweave.controller.market.ClearingResult;
import org.gridweave.controller.market.DeliveryCheck;
import org.gridweave.controller.market.Market;
import org.gridweave.controller.market.MarketRules;
import org.gridweave.controller.market.Order;
import org.gridweave.controller.market.OrderReason;
import org.gridweave.controller.market.OrderRejected;
import org.gridweave.controller.market.Participants;
import org.gridweave.controller.market.Trade;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.forecast.ForecastCache;
import org.gridweave.controller.service.grid.GridStore;
import org.gridweave.controller.service.grid.TariffStore;
import org.gridweave.controller.service.schema.SchemaMigrator;
import org.gridweave.controller.service.telemetry.MeasuredStates;
import org.gridweave.controller.tariff.Tariff;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.jboss.logging.Logger;

/**
 * The market's edge: orders in (REST, MQTT) and out to PostgreSQL, clearing at gate closure (or
 * when an operator closes the gate early), the delivery check after the interval. The books
 * themselves are the plain-Java {@link Market}; accepted orders are stored before they are
 * acknowledged and put back into the books after a restart. Blocking: call from worker threads.
 */
@ApplicationScoped
public class MarketService {
  private static final Logger LOG = Logger.getLogger(MarketService.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject ControllerConfig config;
  @Inject org.gridweave.controller.service.console.ConsoleControls controls;
  @Inject GridStore grids;
  @Inject TariffStore tariffs;
  @Inject MeasuredStates states;
  @Inject MeterRegistry registry;
  @Inject SchemaMigrator schema;
  @Inject Pool pool;
  @Inject Clock clock;
  @Inject org.gridweave.controller.service.forecast.ForecastCache forecasts;
  @Inject org.gridweave.controller.service.leader.LeaderGate leader;

  /** The leader's term the books and the agents were loaded in (-1: none). */
  private long loadedInTerm = -1;

  private Market market;

  @Inject AgentSettingsStore agentSettings;

  private AgentDesk desk;

  public MarketRules rules() {
    ControllerConfig.Market m = config.market();
    return new MarketRules(
        m.mechanism(),
        Order.micros(m.crossingFeePerKwh()),
        Order.micros(m.minPricePerKwh()),
        Order.micros(m.maxPricePerKwh()),
        m.gateClosure());
  }

  /** Meters on the grid model (indexed once per grid revision), revocations from the registry. */
  private final Participants participants =
      new Participants() {
        private GridStore.Revision indexed;
        private Map<MeterId, Site> sites = Map.of();

        private synchronized Map<MeterId, Site> sites() {
          Optional<GridStore.Revision> grid = grids.current().await().atMost(TIMEOUT);
          if (grid.isEmpty()) {
            return Map.of();
          }
          if (grid.get() != indexed) {
            Map<MeterId, Site> bySite = new HashMap<>();
            grid.get().grid().sites().forEach(s -> bySite.put(s.meter(), s));
            sites = bySite;
            indexed = grid.get();
          }
          return sites;
        }

        private Participants.Participant of(Site s, boolean revoked) {
          return new Participants.Participant(
              s.meter(), s.id(), s.feeder(), s.hasPv() || s.hasWind(), revoked);
        }

        @Override
        public Optional<Participants.Participant> byMeter(MeterId meter) {
          Site s = sites().get(meter);
          if (s == null) {
            return Optional.empty();
          }
          boolean revoked =
              registry.find(meter).map(MeterRegistry.Registered::revoked).orElse(false);
          return Optional.of(of(s, revoked));
        }

        @Override
        public Map<MeterId, Participants.Participant> byMeters(
            java.util.Collection<MeterId> meters) {
          Map<MeterId, Site> all = sites();
          List<MeterId> known = meters.stream().filter(all::containsKey).toList();
          java.util.Set<MeterId> revoked =
              known.isEmpty() ? java.util.Set.of() : registry.revokedAmong(known);
          Map<MeterId, Participants.Participant> out = new HashMap<>();
          for (MeterId m : known) {
            out.put(m, of(all.get(m), revoked.contains(m)));
          }
          return out;
        }
      };

  private synchronized Market market() {
    if (market == null) {
      if (!schema.migrated()) {
        throw new OrderRejected(
            OrderReason.INVALID_ORDER, "the market is starting; try again shortly");
      }
      Market m = new Market(rules(), config.interval(), participants, clock);
      for (Row r :
          pool.query("SELECT * FROM controller.market_order ORDER BY submitted_at, id")
              .execute()
              .await()
              .atMost(TIMEOUT)) {
        if ("open".equals(r.getString("status"))) {
          Order o = order(r);
          m.restore(o);
          if ("agent".equals(r.getString("source"))) {
            desk().adopt(o.site(), o.interval(), o.id());
          }
        } else {
          m.reserve(r.getString("id"));
        }
      }
      market = m;
    }
    return market;
  }

  private static Order order(Row r) {
    return new Order(
        r.getString("id"),
        SiteId.of(r.getString("site_id")),
        MeterId.of(r.getString("meter_id")),
        "bid".equals(r.getString("side")),
        r.getOffsetDateTime("interval_start").toInstant(),
        r.getLong("energy_wh"),
        r.getLong("limit_price_micros"),
        r.getBoolean("local_only"),
        r.getBoolean("renewable_only"),
        r.getOffsetDateTime("submitted_at").toInstant());
  }

  public synchronized Order submit(Market.Request request, String source) {
    if (!config.market().enabled()) {
      throw new OrderRejected(OrderReason.INVALID_ORDER, "the market is paused");
    }
    if (controls.marketPaused()) {
      throw new OrderRejected(
          OrderReason.MARKET_PAUSED,
          "an operator paused the market: no new orders until it is resumed");
    }
    Market m = market();
    if (!leader.acting() && request.interval() != null) {
      reconcile(Optional.of(request.interval())); // the leader and others take orders too
      if (clearedAlready(request.interval())) { // an operator closed its gate early there
        throw new OrderRejected(
            OrderReason.AFTER_GATE_CLOSURE, "the gate for " + request.interval() + " has closed");
      }
    }
    Order o = m.submit(request);
    try {
      pool.preparedQuery(
              "INSERT INTO controller.market_order (id, interval_start, site_id, meter_id, side, energy_wh,"
                  + " limit_price_micros, local_only, renewable_only, submitted_at, source, status)"
                  + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'open')")
          .execute(
              Tuple.from(
                  new Object[] {
                    o.id(),
                    at(o.interval()),
                    o.site().value(),
                    o.meter().value(),
                    o.bid() ? "bid" : "offer",
                    o.energyWh(),
                    o.limitPriceMicros(),
                    o.localOnly(),
                    o.renewableOnly(),
                    at(o.submittedAt()),
                    source
                  }))
          .await()
          .atMost(TIMEOUT);
    } catch (RuntimeException e) {
      m.cancel(o.id(), o.meter()); // not stored: not accepted
      if (e instanceof io.vertx.pgclient.PgException pg && "23505".equals(pg.getSqlState())) {
        throw new OrderRejected(
            OrderReason.DUPLICATE_ORDER_ID,
            "order id " + o.id() + " was used before (through another controller)");
      }
      throw e;
    }
    return o;
  }

  private boolean clearedAlready(Instant interval) {
    return pool.preparedQuery("SELECT 1 FROM controller.clearing WHERE interval_start = $1")
            .execute(Tuple.of(at(interval)))
            .await()
            .atMost(TIMEOUT)
            .size()
        > 0;
  }

  /** Puts the stored open orders (of one interval, or all) into this instance's books. */
  private void reconcile(Optional<Instant> interval) {
    List<Order> stored = new ArrayList<>();
    var rows =
        interval.isPresent()
            ? pool.preparedQuery(
                    "SELECT * FROM controller.market_order WHERE interval_start = $1"
                        + " AND status = 'open' ORDER BY submitted_at, id")
                .execute(Tuple.of(at(interval.get())))
            : pool.query(
                    "SELECT * FROM controller.market_order WHERE status = 'open'"
                        + " ORDER BY submitted_at, id")
                .execute();
    for (Row r : rows.await().atMost(TIMEOUT)) {
      stored.add(order(r));
    }
    market().reconcile(interval, stored);
  }

  public synchronized Order cancel(String id, MeterId meter) {
    if (!leader.acting()) {
      reconcile(Optional.empty());
    }
    Order o = market().cancel(id, meter);
    pool.preparedQuery("UPDATE controller.market_order SET status = 'cancelled' WHERE id = $1")
        .execute(Tuple.of(id))
        .await()
        .atMost(TIMEOUT);
    return o;
  }

  public synchronized List<Order> open(Instant interval) {
    if (!leader.acting()) {
      reconcile(Optional.of(interval));
    }
    return market().open(interval);
  }

  @Scheduled(
      every = "{gridweave.controller.cycle.tick}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    if (!schema.migrated() || !config.market().enabled()) {
      return;
    }
    if (!leader.acting()) {
      return; // the leader clears, runs the agents and checks deliveries
    }
    stage("books", this::followTerm);
    // each stage on its own: agents failing must not hold up clearings or delivery checks
    stage(
        "clearing",
        () -> {
          for (Instant due : market().due(clock.instant())) {
            clear(due, false);
          }
        });
    stage(
        "agents",
        () -> {
          if (!controls.marketPaused()) {
            runAgents();
          }
        });
    stage("delivery check", this::checkDeliveries);
  }

  /**
   * A new term (this instance just became leader): reload the books and the agents' orders from the
   * database, whoever placed them; within a term, take in what other instances stored.
   */
  private synchronized void followTerm() {
    long term = leader.epoch().orElse(-1);
    if (term != loadedInTerm) {
      market = null;
      desk = null;
      market();
      loadedInTerm = term;
    } else {
      reconcile(Optional.empty());
    }
  }

  private static void stage(String what, Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.errorf(e, "market %s failed", what);
    }
  }

  /**
   * Closes the book of an interval and clears it; {@code early}: an operator closes the gate now.
   */
  public synchronized Map<String, Object> clear(Instant interval, boolean early) {
    leader.requireActing("clear the market");
    if (early) {
      followTerm();
    }
    GridModel grid =
        grids
            .current()
            .await()
            .atMost(TIMEOUT)
            .orElseThrow(() -> new IllegalStateException("no grid model: the market cannot clear"))
            .grid();
    List<FeederId> feeders = grid.feeders().stream().map(Feeder::id).toList();
    Market.Closed closed = market().close(interval, feeders, early);
    // cross-feeder capacity per direction: the feeder's limit over the interval
    double hours = config.interval().toSeconds() / 3600.0;
    long[] cap = new long[feeders.size()];
    for (int f = 0; f < feeders.size(); f++) {
      cap[f] = Math.round(grid.feeders().get(f).limit().kilowatts() * hours * 1000);
    }
    MarketRules rules = rules();
    ClearingResult r = Clearing.clear(closed.book(), rules, cap, cap);
    Clearing.NetworkCut cut = Clearing.networkCut(closed.book(), rules, r);
    List<Trade> trades = Trade.of(closed, r);
    String explanation = ClearingExplanation.of(closed, r, cut, cap, cap);
    Instant now = clock.instant();
    Long epoch = leader.recordedEpoch();
    String by = leader.instance();
    pool.withTransaction(
            c -> {
              var ids = closed.orders().stream().map(Order::id).toArray(String[]::new);
              List<Tuple> rows = new ArrayList<>();
              for (Trade t : trades) {
                rows.add(
                    Tuple.from(
                        new Object[] {
                          t.id(),
                          at(interval),
                          t.bidId(),
                          t.offerId(),
                          t.buyer().value(),
                          t.seller().value(),
                          t.wh(),
                          t.sellerPriceMicros(),
                          t.feeMicros(),
                          t.buyerPaysMicros(),
                          t.sellerGetsMicros()
                        }));
              }
              var insertClearing =
                  c.preparedQuery(
                          "INSERT INTO controller.clearing (interval_start, mechanism, price_micros,"
                              + " marginal_bid, marginal_offer, orders, trades, traded_wh, network_cut_wh, explanation, cleared_at,"
                              + " epoch, cleared_by)"
                              + " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)")
                      .execute(
                          Tuple.from(
                              new Object[] {
                                at(interval),
                                rules.mechanism().name(),
                                r.clearingPriceMicros() == ClearingResult.NO_PRICE
                                    ? null
                                    : r.clearingPriceMicros(),
                                r.marginalBid() < 0
                                    ? null
                                    : closed.orders().get(r.marginalBid()).id(),
                                r.marginalOffer() < 0
                                    ? null
                                    : closed.orders().get(r.marginalOffer()).id(),
                                closed.orders().size(),
                                r.trades(),
                                r.tradedWh(),
                                cut.totalWh(),
                                explanation,
                                at(now),
                                epoch,
                                by
                              }));
              var closeOrders =
                  c.preparedQuery(
                          "UPDATE controller.market_order SET status = 'closed'"
                              + " WHERE interval_start = $1 AND status = 'open'")
                      .execute(Tuple.of(at(interval)));
              var chain =
                  leader
                      .fence(c, "clear the market")
                      .chain(() -> insertClearing)
                      .chain(() -> closeOrders);
              if (!rows.isEmpty()) {
                chain =
                    chain.chain(() ->
                        c.preparedQuery(
                                "INSERT INTO controller.trade (id, interval_start, bid_id, offer_id,"
                                    + " buyer_site, seller_site, wh, seller_price_micros, fee_micros, buyer_pays_micros,"
                                    + " seller_gets_micros) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)")
                            .executeBatch(rows));
              }
              return chain.replaceWith(ids.length);
            })
        .await()
        .atMost(TIMEOUT);
    LOG.infof("market %s cleared: %s", interval, explanation);
    Map<String, Object> out = new HashMap<>();
    out.put("interval", interval.toString());
    out.put("trades", r.trades());
    out.put("traded_wh", r.tradedWh());
    out.put("explanation", explanation);
    return out;
  }

  /**
   * The default agents ({@link AgentDesk}): sites without orders of their own quote their forecast
   * surplus or deficit, each under its stored {@link AgentSettings} (or the defaults; sites in
   * {@code agents.exclude-sites} have none unless settings are stored for them).
   */
  synchronized AgentDesk.Run runAgents() {
    ControllerConfig.Agents cfg = config.market().agents();
    if (!cfg.enabled()) {
      return new AgentDesk.Run(0, 0, 0, 0);
    }
    Optional<GridStore.Revision> stored = grids.current().await().atMost(TIMEOUT);
    if (stored.isEmpty()) {
      return new AgentDesk.Run(0, 0, 0, 0);
    }
    Market m = market();
    Tariff tariff = tariffs.current().await().atMost(TIMEOUT).tariff();
    Map<SiteId, AgentSettings> settings = agentSettings.all();
    Map<SiteId, Site> sites = new HashMap<>();
    List<AgentDesk.Member> members = new ArrayList<>();
    for (Site site : stored.get().grid().sites()) {
      sites.put(site.id(), site);
      members.add(new AgentDesk.Member(site.id(), site.meter()));
    }
    AgentDesk.Inputs inputs =
        new AgentDesk.Inputs() {
          @Override
          public List<AgentDesk.Member> members() {
            return members;
          }

          @Override
          public Optional<Long> forecastNetWh(AgentDesk.Member member, Instant interval) {
            Site site = sites.get(member.site());
            String meter = member.meter().value();
            Optional<Double> demand =
                forecasts.medianWh(ForecastCache.meterTarget("demand", meter), interval);
            if (demand.isEmpty()) {
              return Optional.empty();
            }
            double gen =
                (site.hasPv()
                        ? forecasts
                            .medianWh(ForecastCache.meterTarget("pv", meter), interval)
                            .orElse(0.0)
                        : 0)
                    + (site.hasWind()
                        ? forecasts
                            .medianWh(ForecastCache.meterTarget("wind", meter), interval)
                            .orElse(0.0)
                        : 0);
            return Optional.of(Math.round(gen - demand.get()));
          }

          @Override
          public long importPriceMicros(Instant interval) {
            return Order.micros(tariff.importPerKwh(interval));
          }

          @Override
          public long exportPriceMicros(Instant interval) {
            return Order.micros(tariff.exportPerKwh(interval));
          }

          @Override
          public AgentSettings settings(SiteId site) {
            return agentSettingsOf(site, settings.get(site));
          }
        };
    AgentDesk.Orders book =
        new AgentDesk.Orders() {
          @Override
          public Order submit(Market.Request request) {
            return MarketService.this.submit(request, "agent");
          }

          @Override
          public Order cancel(String id, MeterId meter) {
            return MarketService.this.cancel(id, meter);
          }

          @Override
          public List<Order> open(Instant interval) {
            return m.open(interval);
          }

          @Override
          public Instant gateClosure(Instant interval) {
            return m.gateClosure(interval);
          }

          @Override
          public MarketRules rules() {
            return m.rules();
          }
        };
    AgentDesk.Run run = desk().run(book, inputs, clock.instant());
    if (run.placed() + run.replaced() + run.withdrawn() + run.rejected() > 0) {
      LOG.debugf("agents: %s", run);
    }
    return run;
  }

  /**
   * The agent settings in force for a site: its stored ones ({@code null}: none), else none for a
   * site in {@code agents.exclude-sites}, else the defaults.
   */
  public AgentSettings agentSettingsOf(SiteId site, AgentSettings stored) {
    if (stored != null) {
      return stored;
    }
    return config.market().agents().excludeSites().orElse(List.of()).contains(site.value())
        ? AgentSettings.OFF
        : AgentSettings.DEFAULT;
  }

  /** The sites of the current grid model (none before one is stored). */
  public List<Site> sites() {
    return grids.current().await().atMost(TIMEOUT).map(r -> r.grid().sites()).orElse(List.of());
  }

  private synchronized AgentDesk desk() {
    if (desk == null) {
      ControllerConfig.Agents cfg = config.market().agents();
      desk = new AgentDesk(config.interval(), cfg.opensBefore(), cfg.step());
    }
    return desk;
  }

  /** Statements for every cleared interval that ended at least the delivery delay ago. */
  void checkDeliveries() {
    Instant cutoff =
        clock.instant().minus(config.interval()).minus(config.market().deliveryDelay());
    List<Instant> todo = new ArrayList<>();
    for (Row r :
        pool.preparedQuery(
                "SELECT interval_start FROM controller.clearing WHERE checked_at IS NULL"
                    + " AND interval_start <= $1 ORDER BY interval_start")
            .execute(Tuple.of(at(cutoff)))
            .await()
            .atMost(TIMEOUT)) {
      todo.add(r.getOffsetDateTime("interval_start").toInstant());
    }
    for (Instant interval : todo) {
      checkDelivery(interval, false);
    }
  }

  /**
   * @param now settle what is metered now, even if some readings are still missing (an operator's
   *     request); otherwise wait up to an hour for every participant's readings
   */
  public synchronized void checkDelivery(Instant interval, boolean now) {
    leader.requireActing("check deliveries");
    GridModel grid = grids.current().await().atMost(TIMEOUT).orElseThrow().grid();
    List<Trade> trades = new ArrayList<>();
    for (Row r :
        pool.preparedQuery("SELECT * FROM controller.trade WHERE interval_start = $1 ORDER BY id")
            .execute(Tuple.of(at(interval)))
            .await()
            .atMost(TIMEOUT)) {
      trades.add(
          new Trade(
              r.getString("id"),
              interval,
              r.getString("bid_id"),
              r.getString("offer_id"),
              SiteId.of(r.getString("buyer_site")),
              SiteId.of(r.getString("seller_site")),
              r.getLong("wh"),
              r.getLong("seller_price_micros"),
              r.getLong("fee_micros"),
              r.getLong("buyer_pays_micros"),
              r.getLong("seller_gets_micros")));
    }
    Map<String, SiteId> siteOfMeter = new HashMap<>();
    for (Site s : grid.sites()) {
      siteOfMeter.put(s.meter().value(), s.id());
    }
    Map<SiteId, DeliveryCheck.Metered> metered = new HashMap<>();
    states
        .energies(List.copyOf(siteOfMeter.keySet()), interval, config.interval())
        .forEach((meter, e) -> {
          SiteId site = siteOfMeter.get(meter);
          if (site != null) {
            metered.put(
                site,
                new DeliveryCheck.Metered(
                    Math.max(0, Math.round(e.importKwh() * 1000)),
                    Math.max(0, Math.round(e.exportKwh() * 1000))));
          }
        });
    Tariff tariff = tariffs.current().await().atMost(TIMEOUT).tariff();
    List<DeliveryCheck.Statement> statements =
        DeliveryCheck.settle(
            interval,
            trades,
            metered,
            Order.micros(tariff.importPerKwh(interval)),
            Order.micros(tariff.exportPerKwh(interval)),
            Order.micros(config.market().penaltyPerKwh()));
    Instant checkedAt = clock.instant();
    boolean complete = statements.stream().allMatch(DeliveryCheck.Statement::metered);
    if (!now
        && !complete
        && checkedAt.isBefore(interval.plus(config.interval()).plus(Duration.ofHours(1)))) {
      return; // readings still missing: try again at the next tick (for up to an hour)
    }
    Long checkedEpoch = leader.recordedEpoch();
    pool.withTransaction(
            c -> {
              List<Tuple> rows = new ArrayList<>();
              for (DeliveryCheck.Statement s : statements) {
                rows.add(
                    Tuple.from(
                        new Object[] {
                          at(interval),
                          s.site().value(),
                          s.metered(),
                          s.boughtWh(),
                          s.soldWh(),
                          s.takenWh(),
                          s.deliveredWh(),
                          s.paidMicros(),
                          s.receivedMicros(),
                          s.feesMicros(),
                          s.shortfallWh(),
                          s.shortfallMicros(),
                          s.surplusWh(),
                          s.surplusCreditMicros(),
                          s.penaltyMicros(),
                          s.netMicros()
                        }));
              }
              List<Tuple> shares = new ArrayList<>();
              for (DeliveryCheck.TradeDelivery d : DeliveryCheck.perTrade(trades, metered)) {
                shares.add(Tuple.of(d.tradeId(), d.deliveredWh(), d.takenWh()));
              }
              var mark =
                  leader
                      .fence(c, "check deliveries")
                      .chain(() ->
                          c.preparedQuery(
                                  "UPDATE controller.clearing SET checked_at = $2, checked_epoch = $3"
                                      + " WHERE interval_start = $1")
                              .execute(Tuple.of(at(interval), at(checkedAt), checkedEpoch)));
              if (rows.isEmpty()) {
                return mark;
              }
              var traded =
                  c.preparedQuery(
                          "UPDATE controller.trade SET delivered_wh = $2, taken_wh = $3 WHERE id ="
                              + " $1")
                      .executeBatch(shares);
              return c.preparedQuery(
                      "INSERT INTO controller.statement (interval_start, site_id, metered, bought_wh, sold_wh,"
                          + " taken_wh, delivered_wh, paid_micros, received_micros, fees_micros, shortfall_wh, shortfall_micros,"
                          + " surplus_wh, surplus_micros, penalty_micros, net_micros) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9,"
                          + " $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (interval_start, site_id) DO UPDATE SET"
                          + " metered = EXCLUDED.metered, taken_wh = EXCLUDED.taken_wh, delivered_wh = EXCLUDED.delivered_wh,"
                          + " shortfall_wh = EXCLUDED.shortfall_wh, shortfall_micros = EXCLUDED.shortfall_micros,"
                          + " surplus_wh = EXCLUDED.surplus_wh, surplus_micros = EXCLUDED.surplus_micros,"
                          + " penalty_micros = EXCLUDED.penalty_micros, net_micros = EXCLUDED.net_micros")
                  .executeBatch(rows)
                  .chain(() -> traded)
                  .chain(() -> mark);
            })
        .await()
        .atMost(TIMEOUT);
  }

  static OffsetDateTime at(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}

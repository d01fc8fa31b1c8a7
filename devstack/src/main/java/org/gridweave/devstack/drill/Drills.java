package org.gridweave.devstack.drill;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.devstack.demo.CatchUpClock;
import org.gridweave.firmware.Meter;
import org.gridweave.firmware.MeterSettings;
import org.gridweave.firmware.ProducedMessage;
import org.gridweave.firmware.fleet.Fleet;
import org.gridweave.firmware.mqtt.PahoTransport;
import org.gridweave.firmware.registration.Registration;
import org.gridweave.firmware.site.SimulatedSite;
import org.gridweave.firmware.site.SiteRatings;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/** The drills of {@code ./gridweave bench drills}, each against a running {@link DrillStack}. */
public final class Drills {
  private Drills() {}

  /** The broker stops (SIGTERM, persistence saved) for {@code outage}, then starts again. */
  public static Drill brokerRestart(DrillStack stack, Duration outage) {
    return named(
        "broker_restart",
        () -> {
          Instant start = Instant.now();
          stack.broker().stop();
          sleep(outage);
          stack.broker().restart();
          return Fault.outage(start, Instant.now());
        });
  }

  /**
   * The gateway is killed with SIGKILL and, after {@code down}, started again under its instance
   * id; recovery counts from the kill.
   */
  public static Drill gatewayKill(DrillStack stack, Duration down) {
    return named(
        "gateway_kill",
        () -> {
          Instant killed = Instant.now();
          stack.killGateway();
          sleep(down);
          stack.restartGateway();
          return Fault.kill(killed, Instant.now());
        });
  }

  /** PostgreSQL stops (fast shutdown) for {@code outage}, then starts again on its data. */
  public static Drill postgresRestart(DrillStack stack, Duration outage) {
    return named(
        "postgres_restart",
        () -> {
          Instant start = Instant.now();
          stack.database().stop();
          sleep(outage);
          stack.database().restart();
          return Fault.outage(start, Instant.now());
        });
  }

  /**
   * A meter cut off from the broker for an hour of its own time: it runs on a clock that starts an
   * hour back and runs {@code speed} times faster until it reaches the present (the demo's catch-up
   * clock), producing into its spool without a connection; then it connects and backfills. Judged
   * on that hour: every reading it spooled must be stored once; {@code recovered_s} is from the
   * reconnection until the whole hour is stored.
   */
  public static Drill meterOfflineHour(DrillStack stack, double speed) {
    MeterId id = MeterId.of("x-offline-1");
    SiteId site = SiteId.of("s-offline-1");
    int[] spooled = new int[1];
    return new Drill() {
      @Override
      public String name() {
        return "meter_offline_hour";
      }

      @Override
      public Fault inject() throws Exception {
        MeterKeyPair key = Fleet.keyFor(77, id);
        SiteRatings ratings = SiteRatings.typicalHouse();
        stack
            .registry()
            .register(new Registration(id, site, FeederId.of("f-1"), key.publicKey(), ratings));
        CatchUpClock clock = new CatchUpClock(Clock.systemUTC(), Duration.ofHours(1), speed);
        PahoTransport transport =
            new PahoTransport(
                PahoTransport.Options.defaults(stack.broker().uri()),
                id,
                site,
                MeterSettings.FIRMWARE_VERSION,
                clock);
        // a sample every 15 simulated seconds, a message every 10 samples, whatever the speed
        Duration sample = Duration.ofMillis(Math.max(1, Math.round(15_000 / speed)));
        Meter meter =
            new Meter(
                MeterSettings.defaults(id, site)
                    .withPeriods(sample, sample.multipliedBy(10))
                    .withFsync(false),
                key,
                new SimulatedSite(ratings, 77),
                transport,
                stack.options().dir().resolve("offline-meter"),
                clock,
                stack.produced());
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        stack.closeLater(() -> {
          meter.close();
          transport.close();
          scheduler.shutdownNow();
        });
        Instant start = Instant.now();
        meter.start(scheduler);
        while (!clock.caughtUp()) {
          sleep(Duration.ofMillis(100));
        }
        Instant end = Instant.now();
        spooled[0] = stack.produced().messages(id).size();
        transport.start();
        return new Fault(start, end, end, Map.of())
            .with("simulated_offline_s", 3600)
            .with("speed", speed)
            .with("spooled_messages", spooled[0])
            .with(
                "spooled_readings",
                hour(stack, id, spooled[0]).stream().mapToInt(ProducedMessage::sampleCount).sum());
      }

      @Override
      public Optional<Judgement> judge(Fault fault) throws Exception {
        List<ProducedMessage> hour = hour(stack, id, spooled[0]);
        Pipeline pipeline = stack.pipeline();
        Instant deadline = Instant.now().plusSeconds(120);
        Tally t;
        while (true) {
          t = Tally.of(hour, pipeline.storedCopies(Set.of(id), Tally.earliestSample(hour)));
          if (t.lost() == 0 || Instant.now().isAfter(deadline)) {
            break;
          }
          sleep(Duration.ofMillis(250));
        }
        long lastSeq = hour.isEmpty() ? -1 : hour.get(hour.size() - 1).sequence();
        Optional<Instant> allStored =
            t.lost() == 0 ? lastStored(stack.database(), id, lastSeq) : Optional.empty();
        return Optional.of(
            new Judgement(
                "reading",
                t.lost(),
                t.duplicated(),
                allStored.map(
                    at -> Math.max(0, Duration.between(fault.end(), at).toMillis() / 1000.0)),
                Map.of("hour_readings_stored", t.stored())));
      }
    };
  }

  private static List<ProducedMessage> hour(DrillStack stack, MeterId id, int count) {
    List<ProducedMessage> all = stack.produced().messages(id);
    return all.subList(0, Math.min(count, all.size()));
  }

  private static Optional<Instant> lastStored(EmbeddedPostgres db, MeterId id, long lastSeq)
      throws SQLException {
    try (Connection c = connect(db);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT max(stored_at) FROM telemetry_message WHERE meter_id = ? AND seq <= ?")) {
      s.setString(1, id.value());
      s.setLong(2, lastSeq);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return Optional.ofNullable(r.getTimestamp(1)).map(Timestamp::toInstant);
      }
    }
  }

  /**
   * The chain node stops while the controller settles: a first batch of intervals with trades is
   * seeded into the controller's market tables (as the delivery check leaves them) and settled,
   * which also registers the sites on chain; then a second batch is seeded and the chain is stopped
   * as soon as the controller starts building it, for {@code outage}. Judged on the second batch:
   * {@code lost} counts intervals not settled after recovery, {@code duplicated} intervals with
   * more than one {@code IntervalSettled} event on chain; {@code recovered_s} is from the chain's
   * restart until the batch is settled.
   */
  public static Drill chainStopDuringSettlement(DrillStack stack, Duration outage, int intervals) {
    Anvil chain = stack.chain().orElseThrow();
    String contract = stack.contract().orElseThrow();
    Instant base = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
    List<Instant> warmUp = List.of(base, base.plusSeconds(900));
    List<Instant> batch = new ArrayList<>();
    for (int i = 0; i < intervals; i++) {
      batch.add(base.plusSeconds(900L * (4 + i)));
    }
    return new Drill() {
      @Override
      public String name() {
        return "chain_stop_during_settlement";
      }

      @Override
      public Fault inject() throws Exception {
        EmbeddedPostgres db = stack.database();
        List<String> sites =
            stack.fleet().members().stream()
                .map(m -> m.registration().site().value())
                .distinct()
                .limit(6)
                .toList();
        seed(db, warmUp, sites);
        if (!awaitSettled(db, warmUp, Duration.ofSeconds(120))) {
          throw new IllegalStateException(
              "the controller did not settle the warm-up intervals in 120 s; see its log");
        }
        seed(db, batch, sites);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (partsOf(db, batch).isEmpty() && System.nanoTime() < deadline) {
          sleep(Duration.ofMillis(20));
        }
        Instant start = Instant.now();
        chain.stop();
        long settledBeforeStop = settledIntervals(db, batch);
        sleep(outage);
        chain.restart();
        return Fault.outage(start, Instant.now())
            .with("intervals", batch.size())
            .with("settled_before_stop", settledBeforeStop);
      }

      @Override
      public Optional<Judgement> judge(Fault fault) throws Exception {
        EmbeddedPostgres db = stack.database();
        awaitSettled(db, batch, Duration.ofSeconds(120));
        long settled = settledIntervals(db, batch);
        Map<Long, Integer> events = settledEvents(chain, contract);
        long twice = 0;
        for (Instant i : batch) {
          twice += Math.max(0, events.getOrDefault(i.getEpochSecond(), 0) - 1);
        }
        Optional<Instant> last =
            settled == batch.size() ? lastSettledAt(db, batch) : Optional.empty();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("settled", settled);
        details.put(
            "events_on_chain",
            batch.stream().mapToLong(i -> events.getOrDefault(i.getEpochSecond(), 0)).sum());
        return Optional.of(
            new Judgement(
                "interval",
                batch.size() - settled,
                twice,
                last.map(at -> Math.max(0, Duration.between(fault.end(), at).toMillis() / 1000.0)),
                details));
      }
    };
  }

  /**
   * Two controllers on one database, one leading: the leader is killed with SIGKILL while it
   * settles freshly seeded intervals (as the chain drill seeds them, where the chain is there), and
   * the other must take over and finish. Judged on intervals: {@code lost} = seeded intervals not
   * settled after the takeover, {@code duplicated} = intervals with more than one {@code
   * IntervalSettled} event, plus decisions and setpoints the survivor stored before it led, plus
   * intervals whose setpoints two instances sent ({@code command.sent_by}); {@code recovered_s} is
   * from the kill until the survivor's {@code GET /leader} says it leads.
   */
  public static Drill controllerFailover(DrillStack stack, int intervals) {
    Instant base = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
    List<Instant> batch = new ArrayList<>();
    for (int i = 0; i < intervals; i++) {
      batch.add(base.plusSeconds(900L * (40 + i)));
    }
    Duration bound = stack.options().lease().duration().plus(stack.options().lease().renewEvery());
    Map<String, Object> seen = new LinkedHashMap<>();
    return new Drill() {
      @Override
      public String name() {
        return "controller_failover";
      }

      @Override
      public Fault inject() throws Exception {
        Map<String, LeaderView> views = awaitOneLeader(stack, Duration.ofSeconds(90));
        String leader =
            views.values().stream().filter(LeaderView::leader).findFirst().orElseThrow().instance();
        String survivor =
            views.keySet().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
        long epochBefore = views.get(leader).epoch();
        boolean settling = stack.chain().isPresent();
        if (settling) {
          List<String> sites = sitesOf(stack);
          // sites registered on chain first (a warm-up interval), so the batch is settled quickly
          seed(stack.database(), List.of(base.plusSeconds(900L * 39)), sites);
          awaitSettled(
              stack.database(), List.of(base.plusSeconds(900L * 39)), Duration.ofSeconds(120));
          seed(stack.database(), batch, sites);
          long deadline = System.nanoTime() + 30_000_000_000L;
          while (partsOf(stack.database(), batch).isEmpty() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(20));
          }
        }
        Instant killed = Instant.now();
        stack.controllers().get(leader).kill();
        long settledAtKill = settling ? settledIntervals(stack.database(), batch) : 0;
        int port = stack.controllerPort(survivor);
        Instant deadline = killed.plus(bound).plusSeconds(60);
        LeaderView now = null;
        while (Instant.now().isBefore(deadline)) {
          now = LeaderView.of(port).orElse(null);
          if (now != null && now.leader()) {
            break;
          }
          sleep(Duration.ofMillis(100));
        }
        Instant led = Instant.now();
        boolean tookOver = now != null && now.leader();
        seen.put("survivor", survivor);
        seen.put("took_over", tookOver);
        seen.put("since", now == null ? null : now.since().orElse(null));
        seen.put("led_at", led);
        return new Fault(killed, led, killed, Map.of())
            .with("killed", leader)
            .with("survivor", survivor)
            .with("took_over", tookOver)
            .with("failover_s", Duration.between(killed, led).toMillis() / 1000.0)
            .with("bound_s", bound.toMillis() / 1000.0)
            .with("epoch_before", epochBefore)
            .with("epoch_after", now == null ? 0 : now.epoch())
            .with("intervals", settling ? batch.size() : 0)
            .with("settled_before_kill", settledAtKill);
      }

      @Override
      public Optional<Judgement> judge(Fault fault) throws Exception {
        boolean tookOver = (boolean) seen.get("took_over");
        String survivor = (String) seen.get("survivor");
        EmbeddedPostgres db = stack.database();
        long lost = 0;
        long twice = 0;
        Map<String, Object> details = new LinkedHashMap<>();
        if (stack.chain().isPresent()) {
          awaitSettled(db, batch, Duration.ofSeconds(120));
          long settled = settledIntervals(db, batch);
          Map<Long, Integer> events =
              settledEvents(stack.chain().orElseThrow(), stack.contract().orElseThrow());
          for (Instant i : batch) {
            twice += Math.max(0, events.getOrDefault(i.getEpochSecond(), 0) - 1);
          }
          lost = batch.size() - settled;
          details.put("settled", settled);
        }
        Instant since = Optional.ofNullable((Instant) seen.get("since")).orElse(fault.end());
        long early = decisionsBefore(db, survivor, since.minusSeconds(1));
        long earlyCommands = commandsBefore(db, survivor, since.minusSeconds(1));
        long both = intervalsCommandedByTwo(db);
        details.put("survivor_decisions_before_it_led", early);
        details.put("survivor_setpoints_before_it_led", earlyCommands);
        details.put("intervals_dispatched_by_both", both);
        twice += early + earlyCommands + both;
        return Optional.of(
            new Judgement(
                "interval",
                lost,
                twice,
                tookOver
                    ? Optional.of(Duration.between(fault.start(), fault.end()).toMillis() / 1000.0)
                    : Optional.empty(),
                details));
      }
    };
  }

  /** Polls every living controller until exactly one says it leads and all name the same holder. */
  public static Map<String, LeaderView> awaitOneLeader(DrillStack stack, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, LeaderView> views = new LinkedHashMap<>();
    while (System.nanoTime() < deadline) {
      views.clear();
      for (String name : stack.controllers().keySet()) {
        if (stack.controllers().get(name).isAlive()) {
          LeaderView.of(stack.controllerPort(name)).ifPresent(v -> views.put(name, v));
        }
      }
      long alive = stack.controllers().values().stream().filter(p -> p.isAlive()).count();
      long leaders = views.values().stream().filter(LeaderView::leader).count();
      long holders = views.values().stream().map(LeaderView::holder).distinct().count();
      if (alive > 0 && views.size() == alive && leaders == 1 && holders == 1) {
        return Map.copyOf(views);
      }
      sleep(Duration.ofMillis(200));
    }
    throw new IllegalStateException(
        "no single leader among the controllers within " + timeout + ": " + views);
  }

  /** Decisions {@code instance} wrote (and that are still there) before {@code before}. */
  static long decisionsBefore(EmbeddedPostgres db, String instance, Instant before)
      throws SQLException {
    try (Connection c = connect(db);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM controller.decision WHERE decided_by = ? AND decided_at < ?")) {
      s.setString(1, instance);
      s.setTimestamp(2, Timestamp.from(before));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Setpoints {@code instance} stored (behind the fence) before {@code before}. */
  static long commandsBefore(EmbeddedPostgres db, String instance, Instant before)
      throws SQLException {
    try (Connection c = connect(db);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT count(*) FROM controller.command WHERE sent_by = ? AND issued_at < ?")) {
      s.setString(1, instance);
      s.setTimestamp(2, Timestamp.from(before));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }

  /** Intervals whose setpoints were sent by more than one controller instance. */
  static long intervalsCommandedByTwo(EmbeddedPostgres db) throws SQLException {
    try (Connection c = connect(db);
        var s = c.createStatement();
        ResultSet r =
            s.executeQuery(
                "SELECT count(*) FROM (SELECT interval_start FROM controller.command WHERE sent_by"
                    + " IS NOT NULL GROUP BY interval_start HAVING count(DISTINCT sent_by) > 1) x")) {
      r.next();
      return r.getLong(1);
    }
  }

  private static List<String> sitesOf(DrillStack stack) {
    return stack.fleet().members().stream()
        .map(m -> m.registration().site().value())
        .distinct()
        .limit(6)
        .toList();
  }

  /**
   * Seeds delivered trades for {@code intervals} as the market and the delivery check leave them: a
   * clearing with {@code checked_at}, one trade per pair of neighbouring sites, and each site's
   * statement (the seller receives what the buyer pays).
   */
  static void seed(EmbeddedPostgres db, List<Instant> intervals, List<String> sites)
      throws SQLException {
    try (Connection c = connect(db)) {
      c.setAutoCommit(false);
      for (Instant interval : intervals) {
        Timestamp at = Timestamp.from(interval);
        int trades = sites.size() / 2;
        Map<String, Long> nets = new HashMap<>();
        try (PreparedStatement t =
            c.prepareStatement(
                "INSERT INTO controller.trade (id, interval_start, bid_id, offer_id, buyer_site,"
                    + " seller_site, wh, seller_price_micros, fee_micros, buyer_pays_micros,"
                    + " seller_gets_micros, delivered_wh, taken_wh) VALUES (?, ?, ?, ?, ?, ?, ?,"
                    + " ?, 0, ?, ?, ?, ?)")) {
          for (int k = 0; k < trades; k++) {
            String seller = sites.get(2 * k);
            String buyer = sites.get(2 * k + 1);
            long wh = 200 + 50L * k;
            long price = 120_000;
            long money = wh * price / 1000;
            String id = "drill-" + interval.getEpochSecond() + "-" + k;
            t.setString(1, id);
            t.setTimestamp(2, at);
            t.setString(3, id + "-bid");
            t.setString(4, id + "-offer");
            t.setString(5, buyer);
            t.setString(6, seller);
            t.setLong(7, wh);
            t.setLong(8, price);
            t.setLong(9, money);
            t.setLong(10, money);
            t.setLong(11, wh);
            t.setLong(12, wh);
            t.addBatch();
            nets.merge(seller, money, Long::sum);
            nets.merge(buyer, -money, Long::sum);
          }
          t.executeBatch();
        }
        try (PreparedStatement s =
            c.prepareStatement(
                "INSERT INTO controller.statement (interval_start, site_id, metered, bought_wh,"
                    + " sold_wh, taken_wh, delivered_wh, paid_micros, received_micros,"
                    + " fees_micros, shortfall_wh, shortfall_micros, surplus_wh, surplus_micros,"
                    + " penalty_micros, net_micros) VALUES (?, ?, true, 0, 0, 0, 0, ?, ?, 0, 0, 0,"
                    + " 0, 0, 0, ?)")) {
          for (var e : nets.entrySet()) {
            s.setTimestamp(1, at);
            s.setString(2, e.getKey());
            s.setLong(3, Math.max(0, -e.getValue()));
            s.setLong(4, Math.max(0, e.getValue()));
            s.setLong(5, e.getValue());
            s.addBatch();
          }
          s.executeBatch();
        }
        try (PreparedStatement k =
            c.prepareStatement(
                "INSERT INTO controller.clearing (interval_start, mechanism, price_micros, orders,"
                    + " trades, traded_wh, network_cut_wh, explanation, cleared_at, checked_at)"
                    + " VALUES (?, 'drill', 120000, ?, ?, 0, 0, 'seeded by bench drills', now(),"
                    + " now())")) {
          k.setTimestamp(1, at);
          k.setInt(2, 2 * trades);
          k.setInt(3, trades);
          k.executeUpdate();
        }
      }
      c.commit();
    }
  }

  /** Waits until every interval has all its parts settled; false on timeout. */
  static boolean awaitSettled(EmbeddedPostgres db, List<Instant> intervals, Duration timeout)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (settledIntervals(db, intervals) == intervals.size()) {
          return true;
        }
      } catch (SQLException databaseBusy) {
        // asked again below
      }
      sleep(Duration.ofMillis(250));
    }
    return false;
  }

  /** Intervals whose outbox rows exist and are all settled. */
  static long settledIntervals(EmbeddedPostgres db, List<Instant> intervals) throws SQLException {
    Map<Instant, List<String>> parts = partsOf(db, intervals);
    return parts.values().stream().filter(s -> s.stream().allMatch("settled"::equals)).count();
  }

  /** The outbox statuses of each interval that has rows. */
  static Map<Instant, List<String>> partsOf(EmbeddedPostgres db, List<Instant> intervals)
      throws SQLException {
    Map<Instant, List<String>> out = new HashMap<>();
    try (Connection c = connect(db);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT interval_start, status FROM controller.settlement_part WHERE"
                    + " interval_start = ANY(?)")) {
      s.setArray(
          1, c.createArrayOf("timestamptz", intervals.stream().map(Timestamp::from).toArray()));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.computeIfAbsent(r.getTimestamp(1).toInstant(), k -> new ArrayList<>())
              .add(r.getString(2));
        }
      }
    }
    return out;
  }

  private static Optional<Instant> lastSettledAt(EmbeddedPostgres db, List<Instant> intervals)
      throws SQLException {
    try (Connection c = connect(db);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT max(settled_at) FROM controller.settlement_part WHERE interval_start ="
                    + " ANY(?)")) {
      s.setArray(
          1, c.createArrayOf("timestamptz", intervals.stream().map(Timestamp::from).toArray()));
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return Optional.ofNullable(r.getTimestamp(1)).map(Timestamp::toInstant);
      }
    }
  }

  /** keccak256("IntervalSettled(uint64,bytes32,bytes32,uint32)"), the event's first topic. */
  static final String INTERVAL_SETTLED =
      org.web3j.crypto.Hash.sha3String("IntervalSettled(uint64,bytes32,bytes32,uint32)");

  /** {@code IntervalSettled} events of the contract per interval id, read from the chain's logs. */
  static Map<Long, Integer> settledEvents(Anvil chain, String contract) throws Exception {
    String answer =
        chain.rpc(
            "eth_getLogs",
            "[{\"fromBlock\":\"0x0\",\"toBlock\":\"latest\",\"address\":\""
                + contract
                + "\",\"topics\":[\""
                + INTERVAL_SETTLED
                + "\"]}]");
    JsonNode root = new ObjectMapper().readTree(answer);
    if (root.has("error")) {
      throw new IllegalStateException("eth_getLogs failed: " + root.get("error"));
    }
    Map<Long, Integer> out = new HashMap<>();
    for (JsonNode log : root.get("result")) {
      long interval =
          new java.math.BigInteger(log.get("topics").get(1).asText().substring(2), 16)
              .longValueExact();
      out.merge(interval, 1, Integer::sum);
    }
    return out;
  }

  static Connection connect(EmbeddedPostgres db) throws SQLException {
    return DriverManager.getConnection(
        db.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
  }

  @FunctionalInterface
  interface Injection {
    Fault inject() throws Exception;
  }

  static Drill named(String name, Injection injection) {
    return new Drill() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Fault inject() throws Exception {
        return injection.inject();
      }
    };
  }

  static void sleep(Duration d) throws InterruptedException {
    // the fault's own length, while the fleet keeps publishing: not a wait for a result
    Thread.sleep(d.toMillis());
  }
}

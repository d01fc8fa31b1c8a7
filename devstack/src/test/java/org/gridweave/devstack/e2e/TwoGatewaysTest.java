package org.gridweave.devstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridweave.core.id.MeterId;
import org.gridweave.devstack.GatewayLauncher;
import org.gridweave.devstack.Stack;
import org.gridweave.devstack.drill.GatewayMetrics;
import org.gridweave.devstack.drill.PgPipeline;
import org.gridweave.devstack.drill.Tally;
import org.gridweave.devstack.process.ServiceProcess;
import org.gridweave.firmware.ProducedMessage;
import org.gridweave.firmware.RecordingProducedLog;
import org.gridweave.firmware.fleet.Fleet;
import org.gridweave.firmware.fleet.FleetOptions;
import org.gridweave.firmware.registration.GatewayRegistry;
import org.gridweave.firmware.spool.DiskSpool;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.database.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

/**
 * Scale-out on one machine (issue #9): two gateway processes with different instance ids share the
 * meters' telemetry through one Mosquitto shared subscription ({@code $share/gateway/...}) and one
 * PostgreSQL, under a firmware fleet; one is killed with SIGKILL for good. Mosquitto keeps queueing
 * the dead one's round-robin share in its persistent session, until the live one takes that session
 * over (meter-gateway, ADR 0019): then the live one stores what waited and gets all.
 */
class TwoGatewaysTest {
  private static final Duration RUN = Duration.ofSeconds(6);
  private static final List<String> JVM = List.of("-Xmx384m", "-XX:TieredStopAtLevel=1");

  @Test
  void twoGatewaysSplitTheLoadAndWhenOneIsKilledTheOtherTakesAllLosingAndDuplicatingNothing()
      throws Exception {
    assumeTrue(
        Mosquitto.binary().isPresent(),
        "NOTICE: mosquitto is not installed: two-gateway test SKIPPED");
    assumeTrue(
        Files.exists(Stack.home().resolve("meter-gateway/target/quarkus-app/quarkus-run.jar")),
        "NOTICE: meter-gateway is not packaged: two-gateway test SKIPPED");
    Path dir = Files.createTempDirectory(Path.of("target"), "two-gateways");
    RecordingProducedLog produced = new RecordingProducedLog();
    try (Stack stack = new Stack()) {
      // Given one broker, one database and gateway A, where the fleet's meters are registered
      Mosquitto broker = stack.adopt(Mosquitto.start(dir.resolve("mqtt"), Ports.free()));
      EmbeddedPostgres db = stack.adopt(EmbeddedPostgres.start(dir.resolve("pg"), Ports.free()));
      int httpA = Ports.free();
      int httpB = Ports.free();
      ServiceProcess a = stack.adopt(start("gw-a", httpA, broker, db, dir));
      FleetOptions options =
          FleetOptions.simulated(12, dir.resolve("meters"))
              .withPeriods(Duration.ofMillis(200), Duration.ofSeconds(1))
              .withFsync(false)
              .withSeed(9);
      Fleet fleet = Fleet.create(options, broker.uri(), Clock.systemUTC(), produced);
      GatewayRegistry registry = new GatewayRegistry(URI.create("http://127.0.0.1:" + httpA));
      for (Fleet.Member m : fleet.members()) {
        registry.register(m.registration());
      }
      // and gateway B on the same shared subscription with its own instance id
      ServiceProcess b = stack.adopt(start("gw-b", httpB, broker, db, dir));

      // When the fleet publishes a message a second per meter
      fleet.start();
      pause(RUN);

      // Then both instances stored a share
      long storedByA = GatewayMetrics.acceptedMessages(httpA);
      long storedByB = GatewayMetrics.acceptedMessages(httpB);
      System.out.printf(
          "two gateways: A stored %d messages, B stored %d (of %d produced)%n",
          storedByA, storedByB, produced.totalMessages());
      assertThat(storedByA).as("messages stored by gateway A").isPositive();
      assertThat(storedByB).as("messages stored by gateway B").isPositive();

      // When B is killed with SIGKILL (and does not come back)
      b.kill();
      Instant killed = Instant.now();
      long aAtKill = GatewayMetrics.acceptedMessages(httpA);

      // Then A takes B's sessions over once B has been silent for adopt-after (it claims B's row
      // and connects under B's client ids): what Mosquitto queued there meanwhile is stored
      await()
          .atMost(Duration.ofSeconds(90))
          .pollInterval(Duration.ofMillis(200))
          .until(() ->
              count(
                      db,
                      "SELECT count(*) FROM gateway_instance WHERE instance_id = 'gw-b' AND"
                          + " adopted_by IS DISTINCT FROM 'gw-a'")
                  == 0);
      Instant tookOver = Instant.now();
      System.out.printf(
          "two gateways: B killed; A claimed its sessions %.1f s later%n",
          Duration.between(killed, tookOver).toMillis() / 1000.0);

      // and A has left B's share groups on B's behalf and deleted B's sessions, so Mosquitto deals
      // everything to A's own session from now on
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(200))
          .until(() ->
              count(db, "SELECT count(*) FROM gateway_instance WHERE instance_id = 'gw-b'") == 0);
      Instant deleted = Instant.now();
      System.out.printf(
          "two gateways: B's sessions drained and deleted by A %.1f s after the kill%n",
          Duration.between(killed, deleted).toMillis() / 1000.0);

      // and from then on A alone stores every meter's readings as they come
      pause(RUN);
      Instant until = Instant.now().minusSeconds(2);
      Set<MeterId> reached = metersStoredBetween(db, deleted.plusSeconds(1), until);
      Tally afterTakeOver =
          tally(produced, fleet, options, db, false, deleted.plusSeconds(1), until);
      long aGrew = GatewayMetrics.acceptedMessages(httpA) - aAtKill;
      System.out.printf(
          "two gateways: since the kill A stored %d more messages; after the take-over %d of %d"
              + " meters, %d of %d readings missing%n",
          aGrew,
          reached.size(),
          fleet.members().size(),
          afterTakeOver.lost(),
          afterTakeOver.produced());
      assertThat(reached)
          .as("meters whose readings A stored after the take-over")
          .hasSize(fleet.members().size());
      assertThat(afterTakeOver.lost()).as("readings A has not stored after the take-over").isZero();

      // When the fleet stops
      fleet.close();

      // Then every reading the meters sent is stored exactly once
      try {
        await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> tally(produced, fleet, options, db, true).lost() == 0);
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // the assertions below say what is missing
      }
      Tally last = tally(produced, fleet, options, db, true);
      System.out.printf(
          "two gateways: produced=%d stored=%d lost=%d duplicated=%d; messages stored=%d"
              + " distinct=%d%n",
          last.produced(),
          last.stored(),
          last.lost(),
          last.duplicated(),
          count(db, "SELECT count(*) FROM telemetry_message"),
          count(db, "SELECT count(DISTINCT (meter_id, seq)) FROM telemetry_message"));
      assertThat(last.lost()).as("readings lost").isZero();
      assertThat(last.duplicated()).as("readings duplicated").isZero();
      assertThat(count(db, "SELECT count(*) FROM telemetry_message"))
          .as("stored messages are distinct (meter, seq)")
          .isEqualTo(count(db, "SELECT count(DISTINCT (meter_id, seq)) FROM telemetry_message"));
      assertThat(count(db, "SELECT count(*) FROM rejection WHERE reason <> 'REPLAYED_SEQUENCE'"))
          .as("nothing refused but redelivered copies")
          .isZero();
    }
  }

  private static ServiceProcess start(
      String id, int http, Mosquitto broker, EmbeddedPostgres db, Path dir) {
    Map<String, String> settings = new HashMap<>(GatewayLauncher.SHARED_SUBSCRIPTION);
    // a dead peer is taken over after 6 s without a heartbeat (15 s in production)
    settings.put("gridweave.gateway.peers.adopt-after", "PT6S");
    settings.put("gridweave.gateway.peers.heartbeat-every", "PT1S");
    settings.put("gridweave.gateway.peers.quiet", "PT1S");
    return GatewayLauncher.start(id, http, broker, db, settings, dir.resolve("logs"), JVM);
  }

  /**
   * Every produced reading against the database; once the fleet is closed ({@code closed}), those
   * of messages still in a meter's spool are left out (the meter sends them when it runs again).
   */
  private static Tally tally(
      RecordingProducedLog produced,
      Fleet fleet,
      FleetOptions options,
      EmbeddedPostgres db,
      boolean closed) {
    return tally(produced, fleet, options, db, closed, Instant.MIN, Instant.MAX);
  }

  /** As above, for the messages sampled entirely within [from, to]. */
  private static Tally tally(
      RecordingProducedLog produced,
      Fleet fleet,
      FleetOptions options,
      EmbeddedPostgres db,
      boolean closed,
      Instant from,
      Instant to) {
    List<ProducedMessage> expected = new ArrayList<>();
    for (Fleet.Member m : fleet.members()) {
      Set<Long> spooled = new HashSet<>();
      if (closed) {
        try (var spool =
            DiskSpool.open(options.stateRoot().resolve(m.meter().id().value()).resolve("spool"))) {
          spool.pending().forEach(p -> spooled.add(p.sequence()));
        }
      }
      for (ProducedMessage pm : produced.messages(m.meter().id())) {
        List<Instant> times = pm.sampleTimes();
        boolean inside = !times.get(0).isBefore(from) && !times.get(times.size() - 1).isAfter(to);
        if (inside && !spooled.contains(pm.sequence())) {
          expected.add(pm);
        }
      }
    }
    PgPipeline pipeline = new PgPipeline(produced, db);
    Set<MeterId> meters = new HashSet<>();
    expected.forEach(pm -> meters.add(pm.meter()));
    return Tally.of(expected, pipeline.storedCopies(meters, Tally.earliestSample(expected)));
  }

  private static Set<MeterId> metersStoredBetween(EmbeddedPostgres db, Instant from, Instant to)
      throws Exception {
    Set<MeterId> out = new HashSet<>();
    try (Connection c = connect(db);
        PreparedStatement s =
            c.prepareStatement(
                "SELECT DISTINCT meter_id FROM telemetry_message WHERE first_ts >= ? AND"
                    + " last_ts <= ?")) {
      s.setTimestamp(1, Timestamp.from(from));
      s.setTimestamp(2, Timestamp.from(to));
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(MeterId.of(r.getString(1)));
        }
      }
    }
    return out;
  }

  private static long count(EmbeddedPostgres db, String sql) throws Exception {
    try (Connection c = connect(db);
        var s = c.createStatement();
        ResultSet r = s.executeQuery(sql)) {
      r.next();
      return r.getLong(1);
    }
  }

  private static Connection connect(EmbeddedPostgres db) throws Exception {
    return DriverManager.getConnection(
        db.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
  }

  private static void pause(Duration d) throws InterruptedException {
    // the fleet keeps publishing meanwhile; this is the scenario's clock, not a wait for a result
    Thread.sleep(d.toMillis());
  }
}

package org.gridweave.devstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridweave.core.id.MeterId;
import org.gridweave.devstack.GatewayLauncher;
import org.gridweave.devstack.Stack;
import org.gridweave.devstack.process.ServiceProcess;
import org.gridweave.firmware.ProducedMessage;
import org.gridweave.firmware.RecordingProducedLog;
import org.gridweave.firmware.fleet.Fleet;
import org.gridweave.firmware.fleet.FleetOptions;
import org.gridweave.firmware.registration.GatewayRegistry;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.database.EmbeddedPostgres;
import org.junit.jupiter.api.Test;

/**
 * The whole telemetry path as separate processes — Mosquitto, PostgreSQL, the packaged gateway —
 * under a publishing fleet, through a broker restart, a gateway kill -9, a database restart, and
 * meters cut off from the broker and restarted with a full spool. Then what the meters produced is
 * compared, sample by sample, with what PostgreSQL holds.
 */
class TelemetryFaultsTest {
  private static final Duration RUN = Duration.ofSeconds(4);

  @Test
  void noReadingIsLostOrDuplicatedThroughGatewayKillAndDatabaseRestart() throws Exception {
    runScenario(false);
  }

  @Test
  void noReadingIsLostOrDuplicatedThroughBrokerGatewayDatabaseAndMeterFaults() throws Exception {
    runScenario(true);
  }

  private void runScenario(boolean brokerFaults) throws Exception {
    assumeTrue(
        Mosquitto.binary().isPresent(),
        "NOTICE: mosquitto is not installed: end-to-end fault test SKIPPED");
    assumeTrue(
        Files.exists(Stack.home().resolve("meter-gateway/target/quarkus-app/quarkus-run.jar")),
        "NOTICE: meter-gateway is not packaged: end-to-end fault test SKIPPED");
    Path dir = Files.createTempDirectory(Path.of("target"), "faults");
    RecordingProducedLog produced = new RecordingProducedLog();
    try (Stack stack = new Stack()) {
      // Given the whole stack and a fleet publishing a message a second per meter
      Mosquitto broker = stack.adopt(Mosquitto.start(dir.resolve("mqtt"), Ports.free()));
      EmbeddedPostgres db = stack.adopt(EmbeddedPostgres.start(dir.resolve("pg"), Ports.free()));
      int http = Ports.free();
      ServiceProcess gateway =
          GatewayLauncher.start("faults-gw-1", http, broker, db, dir, List.of("-Xmx512m"));
      FleetOptions options =
          FleetOptions.simulated(12, dir.resolve("meters"))
              .withPeriods(Duration.ofMillis(200), Duration.ofSeconds(1))
              .withFsync(false)
              .withSeed(7);
      Fleet fleet = Fleet.create(options, broker.uri(), Clock.systemUTC(), produced);
      GatewayRegistry registry = new GatewayRegistry(URI.create("http://127.0.0.1:" + http));
      for (Fleet.Member m : fleet.members()) {
        registry.register(m.registration());
      }
      fleet.start();
      pause(RUN);

      // When the broker restarts
      if (brokerFaults) {
        broker.restart();
        pause(RUN);
      }

      // and the gateway is killed and started again
      gateway.kill();
      pause(Duration.ofSeconds(2));
      gateway = GatewayLauncher.start("faults-gw-1", http, broker, db, dir, List.of("-Xmx512m"));
      pause(RUN);

      // and PostgreSQL restarts under load
      db.restart();
      pause(RUN);

      // and the meters lose the broker, are restarted with full spools, and reconnect
      if (brokerFaults) {
        broker.stop();
        pause(RUN);
        fleet.close();
        fleet = Fleet.create(options, broker.uri(), Clock.systemUTC(), produced);
        fleet.start();
        pause(Duration.ofSeconds(2));
        broker.restart();
        pause(RUN);
      }
      fleet.close();

      // Then every produced sample is stored exactly once, except those still waiting in a
      // meter's spool when the fleet stopped (the meter sends them when it runs again)
      Map<MeterId, Set<Instant>> expected = new HashMap<>();
      long expectedSamples = 0;
      long stillSpooled = 0;
      for (Fleet.Member m : fleet.members()) {
        Set<Long> spooled = new HashSet<>();
        try (var spool =
            org.gridweave.firmware.spool.DiskSpool.open(
                dir.resolve("meters").resolve(m.meter().id().value()).resolve("spool"))) {
          spool.pending().forEach(p -> spooled.add(p.sequence()));
        }
        Set<Instant> times = new HashSet<>();
        for (ProducedMessage pm : produced.messages(m.meter().id())) {
          if (spooled.contains(pm.sequence())) {
            stillSpooled += pm.sampleCount();
            continue;
          }
          times.addAll(pm.sampleTimes());
          expectedSamples += pm.sampleCount();
        }
        expected.put(m.meter().id(), times);
      }
      System.out.printf("faults: %d samples still spooled on meters at the end%n", stillSpooled);
      assertThat(expectedSamples).as("the fleet produced a real load").isGreaterThan(12 * 50);
      long want = expectedSamples;
      try (Connection c =
          DriverManager.getConnection(
              db.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD)) {
        try {
          await()
              .atMost(Duration.ofSeconds(90))
              .pollInterval(Duration.ofMillis(500))
              .until(() -> count(c, "SELECT count(*) FROM reading") >= want);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
          // fall through: the comparison below says what is missing
        }
        Map<MeterId, Set<Instant>> stored = new HashMap<>();
        long rows = 0;
        try (Statement s = c.createStatement();
            ResultSet rs = s.executeQuery("SELECT meter_id, ts FROM reading")) {
          while (rs.next()) {
            rows++;
            stored
                .computeIfAbsent(MeterId.of(rs.getString(1)), k -> new HashSet<>())
                .add(rs.getTimestamp(2).toInstant());
          }
        }
        long lost = 0;
        for (var e : expected.entrySet()) {
          Set<Instant> missing = new HashSet<>(e.getValue());
          missing.removeAll(stored.getOrDefault(e.getKey(), Set.of()));
          lost += missing.size();
        }
        long distinct = stored.values().stream().mapToLong(Set::size).sum();
        System.out.printf(
            "faults: produced=%d stored=%d lost=%d duplicated=%d rejections=%d%n",
            want, rows, lost, rows - distinct, count(c, "SELECT count(*) FROM rejection"));
        for (var e : expected.entrySet()) {
          Set<Instant> missing = new HashSet<>(e.getValue());
          missing.removeAll(stored.getOrDefault(e.getKey(), Set.of()));
          if (!missing.isEmpty()) {
            System.out.printf(
                "faults: %s misses %d samples, e.g. %s%n",
                e.getKey(), missing.size(), missing.stream().sorted().limit(3).toList());
          }
        }
        try (Statement s = c.createStatement();
            ResultSet rs =
                s.executeQuery("SELECT reason, count(*) FROM rejection GROUP BY reason")) {
          while (rs.next()) {
            System.out.printf("faults: rejected %s x %d%n", rs.getString(1), rs.getLong(2));
          }
        }
        assertThat(lost).as("samples lost").isZero();
        assertThat(rows - distinct).as("samples duplicated").isZero();
        assertThat(rows)
            .as("nothing stored that no meter produced")
            .isLessThanOrEqualTo(want + stillSpooledFinal(stillSpooled));
        assertThat(count(c, "SELECT count(*) FROM rejection WHERE reason <> 'REPLAYED_SEQUENCE'"))
            .as("only redelivered copies are refused")
            .isZero();
      }
      gateway.stop();
    }
  }

  private static long stillSpooledFinal(long n) {
    // a spooled message may already be stored when only its broker acknowledgement was missing
    return n;
  }

  private static long count(Connection c, String sql) throws Exception {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static void pause(Duration d) throws InterruptedException {
    // the fleet keeps publishing meanwhile; this is the scenario's clock, not a wait for a result
    Thread.sleep(d.toMillis());
  }
}

package org.gridweave.forecasting.service.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The real parts the service talks to: an embedded PostgreSQL (zonky) holding the gateway's schema
 * (its own migration file, executed as is) with synthetic meter history, and a Mosquitto broker
 * process.
 *
 * <p>History: feeder {@code f-1} has three meters with 21 days of 15-minute intervals ending at the
 * last complete interval before now (a daily profile, a weekend dip, seeded noise); meter {@code
 * m-short} on {@code f-2} has 3 days only.
 */
public class ForecastingInfrastructure implements QuarkusTestResourceLifecycleManager {
  static volatile int mqttPort;
  static final Instant END =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofMinutes(15));
  private EmbeddedPostgres postgres;
  private Process mosquitto;

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createTempDirectory(Path.of("target"), "forecasting-it");
      postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
      try (var c = postgres.getPostgresDatabase().getConnection();
          var s = c.createStatement()) {
        s.execute("CREATE DATABASE gridweave");
      }
      try (Connection c = postgres.getDatabase("postgres", "gridweave").getConnection()) {
        try (var s = c.createStatement()) {
          s.execute(
              Files.readString(
                  Path.of("../meter-gateway/src/main/resources/db/migration/V1__telemetry.sql")));
        }
        c.setAutoCommit(false);
        Instant first = END.minus(Duration.ofDays(21));
        for (int m = 1; m <= 3; m++) {
          insertMeter(c, "m-000" + m, "f-1", first);
          insertIntervals(c, "m-000" + m, first, END, 80 + 20 * m, m);
        }
        insertMeter(c, "m-short", "f-2", first);
        insertIntervals(c, "m-short", END.minus(Duration.ofDays(3)), END, 100, 9);
        c.commit();
      }
      mqttPort = freePort();
      mosquitto = startMosquitto(dir.resolve("mqtt"), mqttPort);
      return Map.of(
          "quarkus.datasource.reactive.url",
          "postgresql://127.0.0.1:" + postgres.getPort() + "/gridweave",
          "quarkus.datasource.username",
          "postgres",
          "quarkus.datasource.password",
          "postgres",
          "mp.messaging.outgoing.forecasts.port",
          Integer.toString(mqttPort));
    } catch (Exception e) {
      throw new IllegalStateException("could not start PostgreSQL and Mosquitto for tests", e);
    }
  }

  private static void insertMeter(Connection c, String meter, String feeder, Instant first)
      throws Exception {
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO meter (meter_id, site_id, feeder_id, public_key, registered_at)"
                + " VALUES (?, ?, ?, 'test-key', ?)")) {
      p.setString(1, meter);
      p.setString(2, "s-" + meter);
      p.setString(3, feeder);
      p.setTimestamp(4, Timestamp.from(first.minus(Duration.ofDays(1))));
      p.executeUpdate();
    }
  }

  /** Cumulative import counters whose 15-minute increases follow a daily profile (Wh). */
  private static void insertIntervals(
      Connection c, String meter, Instant from, Instant to, double base, long seed)
      throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    double counter = 1000;
    try (PreparedStatement p =
        c.prepareStatement(
            "INSERT INTO interval_counters (meter_id, interval_seconds, interval_start, samples,"
                + " first_ts, last_ts, min_import_wh, max_import_wh, min_export_wh,"
                + " max_export_wh) VALUES (?, 900, ?, 15, ?, ?, ?, ?, 0, 0)")) {
      for (Instant t = from; t.isBefore(to); t = t.plus(Duration.ofMinutes(15))) {
        double hour = (t.getEpochSecond() % 86_400) / 3600.0;
        boolean weekend = ((t.getEpochSecond() / 86_400) + 4) % 7 >= 5;
        double energy =
            base * (1 + 0.6 * Math.sin((hour - 9) / 24 * 2 * Math.PI)) * (weekend ? 0.8 : 1.0)
                + random.nextDouble(-5, 5);
        p.setString(1, meter);
        p.setTimestamp(2, Timestamp.from(t));
        p.setTimestamp(3, Timestamp.from(t));
        p.setTimestamp(4, Timestamp.from(t.plusSeconds(840)));
        p.setDouble(5, counter);
        p.setDouble(6, counter + energy);
        p.addBatch();
        counter += energy;
      }
      p.executeBatch();
    }
  }

  static Process startMosquitto(Path dir, int port) throws IOException, InterruptedException {
    Path binary =
        Files.exists(Path.of("/usr/sbin/mosquitto"))
            ? Path.of("/usr/sbin/mosquitto")
            : Path.of("mosquitto");
    Files.createDirectories(dir);
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "listener " + port + " 127.0.0.1",
            "allow_anonymous true",
            "persistence false",
            "log_dest file " + dir.resolve("mosquitto.log"),
            ""));
    Process p =
        new ProcessBuilder(binary.toString(), "-c", conf.toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
    while (Instant.now().isBefore(deadline)) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return p;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IOException("Mosquitto did not start on port " + port);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void stop() {
    if (mosquitto != null) {
      mosquitto.destroy();
    }
    try {
      if (postgres != null) {
        postgres.close();
      }
    } catch (IOException ignored) {
      // the temp folder is under target/ and goes with mvn clean
    }
  }
}

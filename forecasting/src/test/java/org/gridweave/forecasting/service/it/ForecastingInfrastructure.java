package org.gridweave.forecasting.service.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.gridweave.localinfra.BrokerAndDatabase;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/**
 * The real parts the service talks to (from {@code local-infra}): an embedded PostgreSQL holding
 * the gateway's schema (its own migration file, executed as is) with synthetic meter history, and a
 * Mosquitto broker process.
 *
 * <p>History: feeder {@code f-1} has three meters with 21 days of 15-minute intervals ending at the
 * last complete interval before now (a daily profile, a weekend dip, seeded noise); meter {@code
 * m-short} on {@code f-2} has 3 days only.
 */
public class ForecastingInfrastructure implements QuarkusTestResourceLifecycleManager {
  static volatile int mqttPort;
  static final Instant END =
      Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofMinutes(15));
  private static final Path GATEWAY_SCHEMA =
      Path.of("../meter-gateway/src/main/resources/db/migration/V1__telemetry.sql");
  private BrokerAndDatabase infrastructure;

  @Override
  public Map<String, String> start() {
    infrastructure = BrokerAndDatabase.start(Path.of("target"), "forecasting-it", List.of());
    mqttPort = infrastructure.broker().port();
    try (Connection c =
        DriverManager.getConnection(
            infrastructure.database().jdbcUrl(),
            EmbeddedPostgres.USER,
            EmbeddedPostgres.PASSWORD)) {
      try (var s = c.createStatement()) {
        s.execute(Files.readString(GATEWAY_SCHEMA));
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
    } catch (Exception e) {
      infrastructure.close();
      throw new IllegalStateException("could not load the gateway's schema and history", e);
    }
    Map<String, String> config = new HashMap<>(infrastructure.database().quarkusDatasource());
    config.put("mp.messaging.outgoing.forecasts.port", Integer.toString(mqttPort));
    return config;
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

  @Override
  public void stop() {
    if (infrastructure != null) {
      infrastructure.close();
    }
  }
}

package org.gridweave.controller.service;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The real parts the controller talks to: an embedded PostgreSQL (zonky) with the gateway's schema
 * (its own migration file, executed as is), and a Mosquitto broker process.
 */
public class ControllerInfrastructure implements QuarkusTestResourceLifecycleManager {
  static volatile int mqttPort;
  static volatile String jdbcUrl;
  private EmbeddedPostgres postgres;
  private Process mosquitto;

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createTempDirectory(Path.of("target"), "controller-it").toAbsolutePath();
      postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
      try (var c = postgres.getPostgresDatabase().getConnection();
          var s = c.createStatement()) {
        s.execute("CREATE DATABASE gridweave");
      }
      try (var c = postgres.getDatabase("postgres", "gridweave").getConnection();
          var s = c.createStatement()) {
        s.execute(
            Files.readString(
                Path.of("../meter-gateway/src/main/resources/db/migration/V1__telemetry.sql")));
      }
      jdbcUrl = "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/gridweave";
      mqttPort = freePort();
      mosquitto = startMosquitto(dir.resolve("mqtt"), mqttPort);
      String port = Integer.toString(mqttPort);
      return Map.of(
          "quarkus.datasource.reactive.url",
          "postgresql://127.0.0.1:" + postgres.getPort() + "/gridweave",
          "quarkus.datasource.username",
          "postgres",
          "quarkus.datasource.password",
          "postgres",
          "mp.messaging.outgoing.commands.port",
          port,
          "mp.messaging.incoming.acks.port",
          port,
          "mp.messaging.incoming.forecasts.port",
          port,
          "mp.messaging.incoming.orders.port",
          port);
    } catch (Exception e) {
      throw new IllegalStateException("could not start PostgreSQL and Mosquitto for tests", e);
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
            "log_dest stdout",
            "log_type all",
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

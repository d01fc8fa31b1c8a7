package org.gridweave.gateway.it;

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
 * Starts the real parts the gateway talks to: an embedded PostgreSQL (zonky, from Maven) and a
 * Mosquitto broker process (Debian package; {@code ./gridweave test} installs it).
 */
public class GatewayInfrastructure implements QuarkusTestResourceLifecycleManager {
  static volatile int mqttPort;
  private EmbeddedPostgres postgres;
  private Process mosquitto;

  @Override
  public Map<String, String> start() {
    try {
      Path dir = Files.createTempDirectory(Path.of("target"), "gateway-it");
      postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("pg")).start();
      try (var c = postgres.getPostgresDatabase().getConnection();
          var s = c.createStatement()) {
        s.execute("CREATE DATABASE gridweave");
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
          "gridweave.gateway.mqtt.port",
          Integer.toString(mqttPort),
          "gridweave.gateway.instance-id",
          "gw-test-" + ProcessHandle.current().pid());
    } catch (Exception e) {
      throw new IllegalStateException("could not start PostgreSQL and Mosquitto for tests", e);
    }
  }

  static Process startMosquitto(Path dir, int port) throws IOException, InterruptedException {
    Path binary =
        Files.exists(Path.of("/usr/sbin/mosquitto"))
            ? Path.of("/usr/sbin/mosquitto")
            : Path.of("mosquitto");
    Files.createDirectories(dir.resolve("data"));
    Path conf = dir.resolve("mosquitto.conf");
    Files.writeString(
        conf,
        String.join(
            "\n",
            "listener " + port + " 127.0.0.1",
            "allow_anonymous true",
            "persistence false",
            "max_inflight_messages 0",
            "max_queued_messages 0",
            "message_size_limit 262144",
            "log_dest file " + dir.resolve("mosquitto.log"),
            ""));
    Process p;
    try {
      p =
          new ProcessBuilder(binary.toString(), "-c", conf.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("stdout.log").toFile())
              .start();
    } catch (IOException e) {
      throw new IOException(
          "Mosquitto is not installed: run ./gridweave test (it installs it) or apt-get install"
              + " mosquitto",
          e);
    }
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

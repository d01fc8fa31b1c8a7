package org.gridweave.firmware.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A real Mosquitto broker on a free loopback port, for integration tests. */
final class Mosquitto implements AutoCloseable {
  private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

  private final Path config;
  private final Path log;
  private final int port;
  private Process process;

  private Mosquitto(Path dir, int port) throws IOException {
    this.port = port;
    Files.createDirectories(dir);
    this.config = dir.resolve("mosquitto.conf");
    this.log = dir.resolve("mosquitto.log");
    // persistence keeps the test subscriber's session across the broker restart, so what the
    // meter sends before that subscriber is back still reaches it
    Files.writeString(
        config,
        "listener "
            + port
            + " 127.0.0.1\n"
            + "allow_anonymous true\n"
            + "persistence true\n"
            + "persistence_location "
            + dir.toAbsolutePath()
            + "/\n"
            + "autosave_interval 0\n"
            // started as root, Mosquitto would switch to user "mosquitto", who cannot write here
            + "user "
            + System.getProperty("user.name")
            + "\n");
  }

  /** Starts a broker, or skips the calling test with a message when Mosquitto is not installed. */
  static Mosquitto start(Path dir) throws IOException {
    assumeTrue(
        Files.isExecutable(BINARY),
        "skipped: " + BINARY + " not found; install with apt-get install -y mosquitto");
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Mosquitto m = new Mosquitto(dir, port);
    m.restart();
    return m;
  }

  String uri() {
    return "tcp://127.0.0.1:" + port;
  }

  void restart() throws IOException {
    process =
        new ProcessBuilder(BINARY.toString(), "-c", config.toString())
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    await("mosquitto listening on " + port)
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(this::accepting);
  }

  void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      process.waitFor();
      process = null;
    }
  }

  private boolean accepting() {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 200);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    stop();
  }
}

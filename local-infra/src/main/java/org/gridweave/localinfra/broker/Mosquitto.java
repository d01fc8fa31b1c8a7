package org.gridweave.localinfra.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.gridweave.localinfra.ChildProcesses;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.StartupFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Mosquitto 2.0 broker process on {@code 127.0.0.1}, for MQTT 3.1.1 and 5 clients.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>{@link #start} writes {@code dir/mosquitto.conf} (overwriting it), keeps the persistence
 *       file in {@code dir/data/} and logs to {@code dir/mosquitto.log}; it returns once the port
 *       accepts TCP connections. Anonymous clients are allowed: loopback only, dev only.
 *   <li>Persistent sessions (clean session = false) survive {@link #stop()} + start and {@link
 *       #restart()}: subscriptions and queued QoS 1/2 messages are written to the persistence file
 *       at a graceful stop and every {@value #AUTOSAVE_SECONDS} s. After {@link #kill()}, up to the
 *       last {@value #AUTOSAVE_SECONDS} s of changes are lost, as with a real crash.
 *   <li>Sessions never expire, and each holds up to {@value #MAX_QUEUED_MESSAGES} queued messages
 *       (no byte limit), so an offline consumer loses nothing a test or demo can produce.
 *   <li>Up to {@value #MAX_INFLIGHT_MESSAGES} QoS 1/2 messages are in flight per client: after a
 *       reconnect, redelivered messages may interleave with new ones (order is only guaranteed with
 *       an in-flight window of 1).
 *   <li>Extra configuration lines given to {@link #start(Path, int, List)} come after the generated
 *       ones: an option that takes one value is overridden (Mosquitto keeps the last), others such
 *       as {@code log_type} add up.
 *   <li>Started as root, the broker keeps running as root (the generated {@code user} line): its
 *       files stay writable in root-owned folders.
 *   <li>The process is registered with {@link ChildProcesses}: it ends when this JVM exits.
 * </ul>
 *
 * Methods are thread-safe; lifecycle methods are serialised.
 */
public final class Mosquitto implements AutoCloseable {

  static final int AUTOSAVE_SECONDS = 1;
  static final int MAX_QUEUED_MESSAGES = 10_000_000;
  static final int MAX_INFLIGHT_MESSAGES = 20_000;

  /** Why {@link #start} fails where Mosquitto is missing; also fit for a test's skip message. */
  public static final String NOT_INSTALLED =
      "mosquitto not found in /usr/sbin or on PATH; install it with: apt-get install -y mosquitto";

  private static final Logger LOG = LoggerFactory.getLogger(Mosquitto.class);
  private static final Path DEBIAN_BINARY = Path.of("/usr/sbin/mosquitto");
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(20);

  private final Path binary;
  private final Path dir;
  private final int port;
  private final List<String> extraConfiguration;
  private Process process;

  private Mosquitto(Path binary, Path dir, int port, List<String> extraConfiguration) {
    this.binary = binary;
    this.dir = dir;
    this.port = port;
    this.extraConfiguration = List.copyOf(extraConfiguration);
  }

  /**
   * The {@code mosquitto} executable: {@code /usr/sbin/mosquitto} (Debian's package) or the first
   * one on {@code PATH}; empty if neither exists ({@code apt-get install -y mosquitto}).
   */
  public static Optional<Path> binary() {
    if (Files.isExecutable(DEBIAN_BINARY)) {
      return Optional.of(DEBIAN_BINARY);
    }
    String path = System.getenv().getOrDefault("PATH", "");
    return Stream.of(path.split(java.io.File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry, "mosquitto"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /**
   * Starts a broker on {@code 127.0.0.1:port} with its files in {@code dir} (created if missing; an
   * existing persistence file is loaded).
   *
   * @throws StartupFailedException if Mosquitto is not installed (message {@link #NOT_INSTALLED}),
   *     the port is already taken, or the broker does not accept connections within 20 s
   */
  public static Mosquitto start(Path dir, int port) {
    return start(dir, port, List.of());
  }

  /**
   * Like {@link #start(Path, int)}, with {@code extraConfiguration} lines (such as {@code
   * "message_size_limit 262144"}) appended to the generated {@code mosquitto.conf}; they are kept
   * for {@link #restart()}.
   */
  public static Mosquitto start(Path dir, int port, List<String> extraConfiguration) {
    return start(binary(), dir, port, extraConfiguration);
  }

  static Mosquitto start(
      Optional<Path> executable, Path dir, int port, List<String> extraConfiguration) {
    Mosquitto broker =
        new Mosquitto(
            executable.orElseThrow(() -> new StartupFailedException(NOT_INSTALLED)),
            dir.toAbsolutePath(),
            port,
            extraConfiguration);
    broker.launch();
    return broker;
  }

  public int port() {
    return port;
  }

  /** {@code tcp://127.0.0.1:PORT}, as Paho and the SmallRye MQTT connector take it. */
  public String uri() {
    return "tcp://" + Ports.LOOPBACK + ":" + port;
  }

  /** The folder holding the configuration, the log and {@code data/}. */
  public Path dir() {
    return dir;
  }

  public Path logFile() {
    return dir.resolve("mosquitto.log");
  }

  /** Mosquitto's own stdout/stderr: configuration errors land here, before the log opens. */
  Path consoleLog() {
    return dir.resolve("mosquitto.console.log");
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  /** Graceful stop: SIGTERM, then waits for exit, so the persistence file is written. */
  public synchronized void stop() {
    if (!isAlive()) {
      return;
    }
    process.destroy();
    if (!waitForExit(STOP_TIMEOUT)) {
      LOG.warn("mosquitto on port {} ignored SIGTERM for {}, killing it", port, STOP_TIMEOUT);
      kill();
      return;
    }
    LOG.info("mosquitto on port {} stopped", port);
  }

  /** Crash drill: SIGKILL; nothing is saved beyond the last autosave. Returns once it is gone. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    process.destroyForcibly();
    waitForExit(STOP_TIMEOUT);
    LOG.info("mosquitto on port {} killed", port);
  }

  /**
   * {@link #stop()} (if running) and start again on the same folder and port; returns once the port
   * accepts connections. Also brings a {@link #kill() killed} broker back.
   */
  public synchronized void restart() {
    stop();
    launch();
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private synchronized void launch() {
    if (Ports.accepting(port)) {
      throw new StartupFailedException(
          "port " + port + " is already taken; is an old broker still running?");
    }
    Path config = dir.resolve("mosquitto.conf");
    try {
      Files.createDirectories(dir.resolve("data"));
      Files.writeString(config, configuration());
      process =
          new ProcessBuilder(binary.toString(), "-c", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog().toFile()))
              .start();
    } catch (IOException e) {
      throw new StartupFailedException("cannot start mosquitto in " + dir, e);
    }
    ChildProcesses.register(process);
    awaitAccepting();
    LOG.info("mosquitto pid {} accepting on {}", process.pid(), uri());
  }

  String configuration() {
    // persistent_client_expiration is left unset on purpose: sessions then never expire.
    // Mosquitto started as root drops to user "mosquitto", which cannot write our folders;
    // naming the current user keeps root as root and is ignored for anyone else.
    String user = System.getProperty("user.name");
    List<String> generated =
        List.of(
            "# Written by org.gridweave.localinfra.broker.Mosquitto; overwritten at every start.",
            "user " + user,
            "listener " + port + " " + Ports.LOOPBACK,
            "allow_anonymous true",
            "persistence true",
            "persistence_location " + dir.resolve("data") + "/",
            "autosave_interval " + AUTOSAVE_SECONDS,
            "max_queued_messages " + MAX_QUEUED_MESSAGES,
            "max_queued_bytes 0",
            "max_inflight_messages " + MAX_INFLIGHT_MESSAGES,
            "set_tcp_nodelay true",
            "log_dest file " + logFile(),
            "log_timestamp_format %Y-%m-%dT%H:%M:%S");
    return Stream.concat(generated.stream(), extraConfiguration.stream())
        .map(line -> line + "\n")
        .collect(Collectors.joining());
  }

  private void awaitAccepting() {
    long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
    while (!Ports.accepting(port)) {
      if (!process.isAlive()) {
        throw StartupFailedException.withLogTail(
            "mosquitto exited with " + process.exitValue() + " on start", startupLog());
      }
      if (System.nanoTime() > deadline) {
        process.destroyForcibly();
        throw StartupFailedException.withLogTail(
            "mosquitto not accepting on port " + port + " after " + STARTUP_TIMEOUT, logFile());
      }
      try {
        Thread.sleep(POLL_INTERVAL);
      } catch (InterruptedException interrupted) {
        Thread.currentThread().interrupt();
        throw new StartupFailedException("interrupted while starting mosquitto");
      }
    }
  }

  /** Configuration errors go to the console, later ones (such as a taken port) to the log. */
  private Path startupLog() {
    try {
      return Files.size(consoleLog()) > 0 ? consoleLog() : logFile();
    } catch (IOException noConsoleLog) {
      return logFile();
    }
  }

  private boolean waitForExit(Duration timeout) {
    return ChildProcesses.waitForExit(process, timeout);
  }

  @Override
  public String toString() {
    return "Mosquitto[" + uri() + ", " + dir + "]";
  }
}

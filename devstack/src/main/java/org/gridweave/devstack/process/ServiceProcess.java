package org.gridweave.devstack.process;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.gridweave.localinfra.ChildProcesses;
import org.gridweave.localinfra.StartupFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One GridWeave service running as a child JVM ({@code java [jvmArgs] -Dk=v.. -jar jar}).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>The child runs on the same {@code java} binary as this JVM, in this JVM's working
 *       directory, with standard output and standard error appended to {@code logFile}.
 *   <li>It is registered with {@link ChildProcesses}, so it is ended when this JVM exits normally
 *       or on SIGINT/SIGTERM (not when this JVM is killed with SIGKILL).
 *   <li>{@link #stop()} is graceful (SIGTERM, up to {@value #STOP_GRACE_SECONDS} s, then SIGKILL);
 *       {@link #kill()} is SIGKILL at once, for crash drills. Both return once the process has
 *       exited and are no-ops on a process that already has.
 *   <li>An instance is one process: after stop or kill, start a new one with {@link #start}.
 * </ul>
 *
 * Thread-safe.
 */
public final class ServiceProcess implements AutoCloseable {

  static final int STOP_GRACE_SECONDS = 30;

  private static final Logger LOG = LoggerFactory.getLogger(ServiceProcess.class);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
  private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);

  private final String name;
  private final Process process;
  private final Path logFile;

  private ServiceProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Starts {@code jar} as a child JVM and returns at once (see {@link #awaitHttpReady}).
   *
   * @param name a short name for logs and {@link org.gridweave.devstack.Stack} look-ups
   * @param jar an executable jar ({@code Main-Class} in its manifest)
   * @param jvmArgs JVM options placed before the system properties, e.g. {@code -Xmx256m}
   * @param systemProperties passed as {@code -Dkey=value}, in key order
   * @param logFile receives standard output and standard error (appended; parent folders made)
   * @throws StartupFailedException if the jar is missing or the process cannot be spawned
   */
  public static ServiceProcess start(
      String name,
      Path jar,
      List<String> jvmArgs,
      Map<String, String> systemProperties,
      Path logFile) {
    Objects.requireNonNull(name, "name");
    if (!Files.isRegularFile(jar)) {
      throw new StartupFailedException(name + ": no jar at " + jar.toAbsolutePath());
    }
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.addAll(jvmArgs);
    new TreeMap<>(systemProperties).forEach((key, value) -> command.add("-D" + key + "=" + value));
    command.add("-jar");
    command.add(jar.toAbsolutePath().toString());
    try {
      Path log = logFile.toAbsolutePath();
      Files.createDirectories(log.getParent());
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      ChildProcesses.register(process);
      LOG.info("{} started as pid {}, log {}", name, process.pid(), log);
      return new ServiceProcess(name, process, log);
    } catch (IOException e) {
      throw new StartupFailedException(name + ": cannot start " + command, e);
    }
  }

  /** The {@code java} launcher of this JVM, so children run on the same JDK. */
  static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElseGet(() -> Path.of(System.getProperty("java.home"), "bin", "java").toString());
  }

  /**
   * Polls {@code healthUrl} with HTTP GET until it answers 200.
   *
   * @throws StartupFailedException if the process exits first or {@code timeout} passes; the
   *     message carries the tail of the log file
   */
  public void awaitHttpReady(URI healthUrl, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    String lastAnswer = "no answer yet";
    try (HttpClient http = HttpClient.newBuilder().connectTimeout(REQUEST_TIMEOUT).build()) {
      HttpRequest request =
          HttpRequest.newBuilder(healthUrl).timeout(REQUEST_TIMEOUT).GET().build();
      while (true) {
        if (!process.isAlive()) {
          throw StartupFailedException.withLogTail(
              name + " exited with " + process.exitValue() + " before " + healthUrl + " was ready",
              logFile);
        }
        try {
          int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
          if (status == 200) {
            return;
          }
          lastAnswer = "HTTP " + status;
        } catch (IOException notListeningYet) {
          lastAnswer = notListeningYet.toString();
        }
        if (System.nanoTime() > deadline) {
          throw StartupFailedException.withLogTail(
              name + " not ready at " + healthUrl + " after " + timeout + " (" + lastAnswer + ")",
              logFile);
        }
        Thread.sleep(POLL_INTERVAL);
      }
    } catch (InterruptedException interrupted) {
      Thread.currentThread().interrupt();
      throw new StartupFailedException(name + ": interrupted while waiting for " + healthUrl);
    }
  }

  /** Graceful stop: SIGTERM, wait up to {@value #STOP_GRACE_SECONDS} s, then SIGKILL. */
  public void stop() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    if (!waitForExit(Duration.ofSeconds(STOP_GRACE_SECONDS))) {
      LOG.warn("{} ignored SIGTERM for {} s, killing it", name, STOP_GRACE_SECONDS);
      process.destroyForcibly();
      waitForExit(Duration.ofSeconds(STOP_GRACE_SECONDS));
    }
    LOG.info("{} stopped", name);
  }

  /** Crash drill: SIGKILL, no chance to clean up; returns once the process is gone. */
  public void kill() {
    process.destroyForcibly();
    waitForExit(Duration.ofSeconds(STOP_GRACE_SECONDS));
    LOG.info("{} killed", name);
  }

  private boolean waitForExit(Duration timeout) {
    return ChildProcesses.waitForExit(process, timeout);
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  public String name() {
    return name;
  }

  public Path logFile() {
    return logFile;
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return name + "[pid " + process.pid() + (process.isAlive() ? "" : ", exited") + "]";
  }
}

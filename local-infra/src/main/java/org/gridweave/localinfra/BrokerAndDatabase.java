package org.gridweave.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/**
 * A database and a broker started together in a fresh folder, each on a free loopback port: what a
 * service's integration tests run against.
 *
 * <p>Contract: {@link #start} creates a new folder {@code parent/<prefix><random>} holding {@code
 * pg/} (the {@link EmbeddedPostgres} data directory) and {@code mqtt/} (the {@link Mosquitto}
 * folder), and returns once both accept connections; if the broker fails to start, the database is
 * stopped before the exception propagates. {@link #close()} stops the broker, then the database;
 * the folder stays for post-mortems. Not thread-safe: one thread starts and closes it.
 */
public final class BrokerAndDatabase implements AutoCloseable {

  private final Path dir;
  private final EmbeddedPostgres database;
  private final Mosquitto broker;

  private BrokerAndDatabase(Path dir, EmbeddedPostgres database, Mosquitto broker) {
    this.dir = dir;
    this.database = database;
    this.broker = broker;
  }

  /**
   * Starts both in a new folder below {@code parent} (created if missing) whose name begins with
   * {@code prefix}; {@code brokerConfiguration} as for {@link Mosquitto#start(Path, int, List)}.
   *
   * @throws StartupFailedException if the folder cannot be created or either does not come up
   */
  public static BrokerAndDatabase start(
      Path parent, String prefix, List<String> brokerConfiguration) {
    Path dir;
    try {
      Files.createDirectories(parent);
      dir = Files.createTempDirectory(parent, prefix).toAbsolutePath();
    } catch (IOException e) {
      throw new StartupFailedException("cannot create a folder for " + prefix + " in " + parent, e);
    }
    EmbeddedPostgres database = EmbeddedPostgres.start(dir.resolve("pg"), Ports.free());
    try {
      return new BrokerAndDatabase(
          dir, database, Mosquitto.start(dir.resolve("mqtt"), Ports.free(), brokerConfiguration));
    } catch (RuntimeException brokerFailed) {
      database.close();
      throw brokerFailed;
    }
  }

  public EmbeddedPostgres database() {
    return database;
  }

  public Mosquitto broker() {
    return broker;
  }

  /** The folder holding {@code pg/} and {@code mqtt/}. */
  public Path dir() {
    return dir;
  }

  @Override
  public void close() {
    try {
      broker.close();
    } finally {
      database.close();
    }
  }

  @Override
  public String toString() {
    return "BrokerAndDatabase[" + broker + ", " + database + "]";
  }
}

package org.gridweave.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.devstack.process.ServiceProcess;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/**
 * One running dev stack: at most one broker, at most one database and any number of named services.
 * Components are started by their own factories and then adopted here; {@link #close()} closes
 * everything in the reverse order of adoption (services first when they were adopted last), carries
 * on past a component that fails to close, and rethrows the first failure with the others
 * suppressed.
 *
 * <p>Not thread-safe: one thread builds and closes a stack.
 */
public final class Stack implements AutoCloseable {

  /** System property naming the repository root; set by Surefire and the launcher. */
  public static final String HOME_PROPERTY = "gridweave.home";

  private final List<Runnable> closers = new ArrayList<>();
  private final Map<String, ServiceProcess> services = new LinkedHashMap<>();
  private Mosquitto broker;
  private EmbeddedPostgres database;
  private boolean closed;

  /**
   * The GridWeave repository root: the {@value #HOME_PROPERTY} system property if set, else the
   * nearest folder at or above the working directory that holds both the {@code gridweave} launcher
   * and a {@code pom.xml}.
   *
   * @throws IllegalStateException if neither finds a folder
   */
  public static Path home() {
    String configured = System.getProperty(HOME_PROPERTY);
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured).toAbsolutePath().normalize();
    }
    Path workingDir = Path.of("").toAbsolutePath();
    return findHome(workingDir)
        .orElseThrow(() ->
            new IllegalStateException(
                "no GridWeave repository (gridweave + pom.xml) at or above "
                    + workingDir
                    + "; set -D"
                    + HOME_PROPERTY));
  }

  static Optional<Path> findHome(Path start) {
    for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
      if (Files.isRegularFile(dir.resolve("gridweave"))
          && Files.isRegularFile(dir.resolve("pom.xml"))) {
        return Optional.of(dir);
      }
    }
    return Optional.empty();
  }

  /** Adopts the broker; returns it for chaining. */
  public Mosquitto adopt(Mosquitto broker) {
    requireOpen();
    if (this.broker != null) {
      throw new IllegalStateException("stack already has a broker: " + this.broker);
    }
    this.broker = broker;
    closers.add(broker::close);
    return broker;
  }

  /** Adopts the database; returns it for chaining. */
  public EmbeddedPostgres adopt(EmbeddedPostgres database) {
    requireOpen();
    if (this.database != null) {
      throw new IllegalStateException("stack already has a database: " + this.database);
    }
    this.database = database;
    closers.add(database::close);
    return database;
  }

  /** Adopts the dev chain; returns it for chaining. */
  public org.gridweave.localinfra.chain.Anvil adopt(org.gridweave.localinfra.chain.Anvil chain) {
    requireOpen();
    closers.add(chain::close);
    return chain;
  }

  /** Adopts the dev-chain bridge (closed before the broker and chain it uses); returns it. */
  public org.gridweave.devstack.chain.DevChainBridge adopt(
      org.gridweave.devstack.chain.DevChainBridge bridge) {
    requireOpen();
    closers.add(bridge::close);
    return bridge;
  }

  /** Adopts a service under its {@link ServiceProcess#name() name}, which must be new here. */
  public ServiceProcess adopt(ServiceProcess service) {
    requireOpen();
    if (services.containsKey(service.name())) {
      throw new IllegalArgumentException("stack already has a service named " + service.name());
    }
    services.put(service.name(), service);
    closers.add(service::close);
    return service;
  }

  /**
   * @throws IllegalStateException if no broker was adopted
   */
  public Mosquitto broker() {
    if (broker == null) {
      throw new IllegalStateException("stack has no broker");
    }
    return broker;
  }

  /**
   * @throws IllegalStateException if no database was adopted
   */
  public EmbeddedPostgres database() {
    if (database == null) {
      throw new IllegalStateException("stack has no database");
    }
    return database;
  }

  /**
   * @throws IllegalArgumentException if no service of that name was adopted
   */
  public ServiceProcess service(String name) {
    ServiceProcess service = services.get(name);
    if (service == null) {
      throw new IllegalArgumentException("stack has no service " + name + "; has " + services);
    }
    return service;
  }

  /** The adopted services by name, in adoption order. */
  public Map<String, ServiceProcess> services() {
    return Collections.unmodifiableMap(services);
  }

  /** Closes every adopted component, last adopted first. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException first = null;
    for (int i = closers.size() - 1; i >= 0; i--) {
      try {
        closers.get(i).run();
      } catch (RuntimeException e) {
        // Keep closing the rest: a stuck service must not leave the broker and database running.
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("stack is closed");
    }
  }
}

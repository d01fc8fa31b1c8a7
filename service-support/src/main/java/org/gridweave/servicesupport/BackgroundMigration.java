package org.gridweave.servicesupport;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.jboss.logging.Logger;

/**
 * Applies a service's Flyway migrations on a virtual thread and keeps trying (backing off to 5 s)
 * while PostgreSQL is unreachable, so the service starts without a database, reports not-ready, and
 * becomes ready by itself. Thread-safe.
 */
public final class BackgroundMigration {
  private static final Logger LOG = Logger.getLogger(BackgroundMigration.class);

  /**
   * @param location the migrations' classpath folder, e.g. {@code db/controller}
   * @param schema the service's own PostgreSQL schema, or null for the default ({@code public})
   * @param historyTable Flyway's history table, or null for its default
   * @param name how logs call it, e.g. {@code controller schema}
   */
  public record Target(String location, String schema, String historyTable, String name) {}

  private final String jdbcUrl;
  private final String user;
  private final String password;
  private final Target target;
  private volatile boolean migrated;
  private volatile boolean stopping;
  private Thread worker;

  /**
   * @param reactiveUrl Quarkus' {@code quarkus.datasource.reactive.url} (made a JDBC URL here)
   */
  public BackgroundMigration(String reactiveUrl, String user, String password, Target target) {
    this.jdbcUrl = "jdbc:" + reactiveUrl.replaceFirst("^(vertx-reactive:)?", "");
    this.user = user;
    this.password = password;
    this.target = target;
  }

  public synchronized void start() {
    worker = Thread.ofVirtual().name(target.name().replace(' ', '-')).start(this::migrateUntilDone);
  }

  public synchronized void stop() {
    stopping = true;
    if (worker != null) {
      worker.interrupt();
    }
  }

  public boolean migrated() {
    return migrated;
  }

  private void migrateUntilDone() {
    long backoff = 200;
    while (!stopping && !migrated) {
      try {
        FluentConfiguration flyway =
            Flyway.configure()
                .dataSource(jdbcUrl, user, password)
                .locations("classpath:" + target.location())
                .connectRetries(0);
        if (target.schema() != null) {
          flyway = flyway.schemas(target.schema()).defaultSchema(target.schema());
        }
        if (target.historyTable() != null) {
          flyway = flyway.table(target.historyTable());
        }
        flyway.load().migrate();
        migrated = true;
        LOG.infof("%s is up to date", target.name());
      } catch (RuntimeException e) {
        LOG.warnf("database not ready for migrations (%s); retrying", rootMessage(e));
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(backoff * 2, 5000);
      }
    }
  }

  private static String rootMessage(Throwable e) {
    Throwable t = e;
    while (t.getCause() != null) {
      t = t.getCause();
    }
    return t.getMessage();
  }
}

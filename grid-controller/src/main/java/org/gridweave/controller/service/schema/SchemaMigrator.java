package org.gridweave.controller.service.schema;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;

/**
 * Applies this service's migrations ({@code db/controller}) in the background, retrying while
 * PostgreSQL is unreachable: the service starts without a database, reports not-ready, and becomes
 * ready by itself. Its tables live in their own PostgreSQL schema, {@value #SCHEMA}, with their own
 * history table, so the gateway's migrations of {@code public} and ours never meet, whichever
 * service starts first.
 */
@ApplicationScoped
public class SchemaMigrator {
  private static final Logger LOG = Logger.getLogger(SchemaMigrator.class);

  /** The PostgreSQL schema of this service's tables. */
  public static final String SCHEMA = "controller";

  // Quarkus' own datasource keys (not GridWeave settings): Flyway needs them as JDBC.
  @ConfigProperty(name = "quarkus.datasource.reactive.url")
  String reactiveUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  private volatile boolean migrated;
  private volatile boolean stopping;
  private Thread worker;

  void start(@Observes StartupEvent event) {
    worker = Thread.ofVirtual().name("controller-schema").start(this::migrateUntilDone);
  }

  void stop(@Observes ShutdownEvent event) {
    stopping = true;
    if (worker != null) {
      worker.interrupt();
    }
  }

  private void migrateUntilDone() {
    String jdbc = "jdbc:" + reactiveUrl.replaceFirst("^(vertx-reactive:)?", "");
    long backoff = 200;
    while (!stopping && !migrated) {
      try {
        Flyway.configure()
            .dataSource(jdbc, user, password)
            .locations("classpath:db/controller")
            .schemas(SCHEMA)
            .defaultSchema(SCHEMA)
            .table("controller_schema_history")
            .connectRetries(0)
            .load()
            .migrate();
        migrated = true;
        LOG.info("controller schema is up to date");
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

  public boolean migrated() {
    return migrated;
  }
}

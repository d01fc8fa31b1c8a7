package org.gridweave.forecasting.service.schema;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gridweave.servicesupport.BackgroundMigration;

/**
 * Applies this service's migrations ({@code db/forecasting}) in the background, retrying while
 * PostgreSQL is unreachable: the service starts without a database, reports not-ready, and becomes
 * ready by itself. Its tables live in their own PostgreSQL schema, {@value #SCHEMA}, with their own
 * history table, so the gateway's migrations of {@code public} and ours never meet, whichever
 * service starts first.
 */
@ApplicationScoped
public class SchemaMigrator {
  /** The PostgreSQL schema of this service's tables. */
  public static final String SCHEMA = "forecasting";

  // Quarkus' own datasource keys (not GridWeave settings): Flyway needs them as JDBC.
  @ConfigProperty(name = "quarkus.datasource.reactive.url")
  String reactiveUrl;

  @ConfigProperty(name = "quarkus.datasource.username")
  String user;

  @ConfigProperty(name = "quarkus.datasource.password")
  String password;

  private volatile BackgroundMigration migration;

  void start(@Observes StartupEvent event) {
    migration =
        new BackgroundMigration(
            reactiveUrl,
            user,
            password,
            new BackgroundMigration.Target(
                "db/forecasting", SCHEMA, "forecasting_schema_history", "forecasting schema"));
    migration.start();
  }

  void stop(@Observes ShutdownEvent event) {
    if (migration != null) {
      migration.stop();
    }
  }

  public boolean migrated() {
    BackgroundMigration m = migration;
    return m != null && m.migrated();
  }
}

package org.gridweave.gateway.schema;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.gridweave.servicesupport.BackgroundMigration;

/**
 * Applies the versioned schema migrations (Flyway, {@code db/migration}) in the background and
 * keeps trying while PostgreSQL is unreachable, so the service starts without a database, reports
 * not-ready, and becomes ready by itself once the database is back.
 */
@ApplicationScoped
public class SchemaMigrator {
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
            new BackgroundMigration.Target("db/migration", null, null, "database schema"));
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

package org.gridweave.controller.service.schema;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.gridweave.servicesupport.DatabaseCheck;

/** Ready only when PostgreSQL answers and this service's schema is migrated. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {
  @Inject Pool pool;
  @Inject SchemaMigrator schema;

  @Override
  public Uni<HealthCheckResponse> call() {
    return DatabaseCheck.ready(
        pool,
        ready -> ready.status(schema.migrated()).withData("schema_migrated", schema.migrated()));
  }
}

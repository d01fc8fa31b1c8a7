package org.gridweave.controller.service.schema;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when PostgreSQL answers and this service's schema is migrated. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {
  @Inject Pool pool;
  @Inject SchemaMigrator schema;

  @Override
  public Uni<HealthCheckResponse> call() {
    return pool.query("SELECT 1")
        .execute()
        .ifNoItem()
        .after(Duration.ofSeconds(2))
        .fail()
        .map(rows ->
            HealthCheckResponse.named("database")
                .status(schema.migrated())
                .withData("schema_migrated", schema.migrated())
                .build())
        .onFailure()
        .recoverWithItem(e ->
            HealthCheckResponse.named("database")
                .down()
                .withData("error", String.valueOf(e.getMessage()))
                .build());
  }
}

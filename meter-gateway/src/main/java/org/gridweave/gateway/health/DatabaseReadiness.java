package org.gridweave.gateway.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.gridweave.gateway.ingest.IngestPipeline;
import org.gridweave.gateway.schema.SchemaMigrator;

/** Ready only when PostgreSQL answers, the schema is migrated and batches are being stored. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {
  @Inject Pool pool;
  @Inject SchemaMigrator schema;
  @Inject IngestPipeline pipeline;

  @Override
  public Uni<HealthCheckResponse> call() {
    return pool.query("SELECT 1")
        .execute()
        .ifNoItem()
        .after(Duration.ofSeconds(2))
        .fail()
        .map(rows ->
            HealthCheckResponse.named("database")
                .status(schema.migrated() && pipeline.storeHealthy())
                .withData("schema_migrated", schema.migrated())
                .withData("store_healthy", pipeline.storeHealthy())
                .withData("pending_messages", pipeline.pending())
                .build())
        .onFailure()
        .recoverWithItem(e ->
            HealthCheckResponse.named("database")
                .down()
                .withData("error", String.valueOf(e.getMessage()))
                .build());
  }
}

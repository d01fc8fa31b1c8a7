package org.gridweave.gateway.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.gridweave.gateway.ingest.IngestPipeline;
import org.gridweave.gateway.schema.SchemaMigrator;
import org.gridweave.servicesupport.DatabaseCheck;

/** Ready only when PostgreSQL answers, the schema is migrated and batches are being stored. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements AsyncHealthCheck {
  @Inject Pool pool;
  @Inject SchemaMigrator schema;
  @Inject IngestPipeline pipeline;

  @Override
  public Uni<HealthCheckResponse> call() {
    return DatabaseCheck.ready(
        pool,
        ready ->
            ready
                .status(schema.migrated() && pipeline.storeHealthy())
                .withData("schema_migrated", schema.migrated())
                .withData("store_healthy", pipeline.storeHealthy())
                .withData("pending_messages", pipeline.pending()));
  }
}

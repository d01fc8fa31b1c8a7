package org.gridweave.servicesupport;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The readiness check every service has: PostgreSQL answers within 2 s, plus the service's own
 * terms.
 */
public final class DatabaseCheck {
  private DatabaseCheck() {}

  /**
   * @param whenReachable sets the status and data once the database has answered
   */
  public static Uni<HealthCheckResponse> ready(
      Pool pool, UnaryOperator<HealthCheckResponseBuilder> whenReachable) {
    return pool.query("SELECT 1")
        .execute()
        .ifNoItem()
        .after(Duration.ofSeconds(2))
        .fail()
        .map(rows -> whenReachable.apply(HealthCheckResponse.named("database")).build())
        .onFailure()
        .recoverWithItem(e ->
            HealthCheckResponse.named("database")
                .down()
                .withData("error", String.valueOf(e.getMessage()))
                .build());
  }
}

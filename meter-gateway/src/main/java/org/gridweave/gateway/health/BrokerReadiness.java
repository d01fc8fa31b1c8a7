package org.gridweave.gateway.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.gridweave.gateway.mqtt.IngestSubscriptions;

/** Ready only when both ingest sessions are connected to the broker and subscribed. */
@Readiness
@ApplicationScoped
public class BrokerReadiness implements HealthCheck {
  @Inject IngestSubscriptions subscriptions;

  @Override
  public HealthCheckResponse call() {
    return HealthCheckResponse.named("mqtt-ingest").status(subscriptions.connected()).build();
  }
}

package org.gridweave.controller.service.leader;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.gridweave.controller.leader.LeaderStatus;

/**
 * Leadership in the readiness report. Always UP: a follower serves the REST API and the console as
 * well as the leader does; which one leads is in the data.
 */
@Readiness
@ApplicationScoped
public class LeaderReadiness implements HealthCheck {
  @Inject LeaderGate gate;

  @Override
  public HealthCheckResponse call() {
    LeaderStatus s = gate.status();
    return HealthCheckResponse.named("leader")
        .up()
        .withData("instance", s.instance())
        .withData("leader", s.leader())
        .withData("holder", s.holder().orElse(""))
        .withData("epoch", s.epoch())
        .withData("mode", gate.mode().name().toLowerCase(Locale.ROOT))
        .build();
  }
}

package org.gridweave.controller.service.leader;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.gridweave.controller.leader.LeaseStore;
import org.gridweave.controller.service.ControllerConfig;

/** The Kubernetes Lease store (kubernetes mode). */
@ApplicationScoped
public class KubernetesLeases {
  LeaseStore store(ControllerConfig.Leader config, Clock clock) {
    throw new IllegalStateException("gridweave.controller.leader.mode=kubernetes is not built yet");
  }
}

package org.gridweave.controller.service.leader;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import org.gridweave.controller.leader.LeaseStore;
import org.gridweave.controller.service.ControllerConfig;

/**
 * The Kubernetes lease store (kubernetes mode), on the Quarkus-configured fabric8 client: in a pod
 * it uses the service account (the Role must allow get, create and update on {@code
 * coordination.k8s.io} leases); outside, the kubeconfig. The client is only created in this mode.
 */
@ApplicationScoped
public class KubernetesLeases {
  // injected when this bean is first used, which happens in kubernetes mode only
  @Inject KubernetesClient client;

  LeaseStore store(ControllerConfig.Leader config, Clock clock) {
    KubernetesClient k = client;
    String namespace =
        config
            .namespace()
            .filter(n -> !n.isBlank())
            .or(() -> java.util.Optional.ofNullable(k.getNamespace()))
            .orElseThrow(() ->
                new IllegalArgumentException(
                    "gridweave.controller.leader.namespace is not set and the pod's namespace is"
                        + " unknown (no service account namespace file, no kubeconfig context)"));
    return new KubernetesLeaseStore(k, namespace, clock);
  }
}

package org.gridweave.k8s.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The checker finds each kind of mistake in small hand-written manifests. */
class InvariantsTest {
  static final Invariants.External DOCUMENTED =
      new Invariants.External(
          Map.of("db", List.of("username", "password")), Map.of("net", List.of("genesis.json")));

  static final String GOOD_CONTAINER =
      """
            - name: app
              image: ghcr.io/gridweave/app:0.1.0
              livenessProbe: {httpGet: {path: /q/health/live, port: 8080}}
              readinessProbe: {httpGet: {path: /q/health/ready, port: 8080}}
              resources:
                requests: {cpu: 100m, memory: 128Mi}
                limits: {cpu: 500m, memory: 256Mi}
      """;

  static String deployment(String name, int replicas, String container) {
    return """
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: %s}
    spec:
      replicas: %d
      selector: {matchLabels: {app: %s}}
      template:
        metadata: {labels: {app: %s}}
        spec:
          containers:
    %s
    """
        .formatted(name, replicas, name, name, container);
  }

  static List<String> check(String... yaml) {
    return Invariants.check(Manifests.parse(String.join("\n---\n", yaml)), DOCUMENTED);
  }

  @Test
  void aWellFormedDeploymentPasses() {
    assertThat(check(deployment("app", 1, GOOD_CONTAINER))).isEmpty();
  }

  @Test
  void reportsMissingProbesAndResources() {
    String bare =
        """
              - name: app
                image: ghcr.io/gridweave/app:0.1.0
                resources:
                  requests: {cpu: 100m}
        """;

    assertThat(check(deployment("app", 1, bare)))
        .containsExactlyInAnyOrder(
            "Deployment/app container app has no memory in resources.requests",
            "Deployment/app container app has no cpu in resources.limits",
            "Deployment/app container app has no memory in resources.limits",
            "Deployment/app container app has no livenessProbe",
            "Deployment/app container app has no readinessProbe");
  }

  @Test
  void jobsNeedResourcesButNoProbes() {
    String job =
        """
        apiVersion: batch/v1
        kind: Job
        metadata: {name: once}
        spec:
          template:
            metadata: {labels: {app: once}}
            spec:
              containers:
                - name: run
                  image: ghcr.io/gridweave/simulations:0.1.0
        """;

    assertThat(check(job))
        .hasSize(4)
        .allMatch(v -> v.startsWith("Job/once container run has no "))
        .noneMatch(v -> v.contains("Probe"));
  }

  @Test
  void reportsImagesNotPinned() {
    assertThat(check(deployment("a", 1, GOOD_CONTAINER.replace(":0.1.0", ":latest"))))
        .containsExactly(
            "Deployment/a container app image ghcr.io/gridweave/app:latest uses the tag latest");
    assertThat(check(deployment("a", 1, GOOD_CONTAINER.replace(":0.1.0", ""))))
        .containsExactly(
            "Deployment/a container app image ghcr.io/gridweave/app has no tag (that means latest)");
    assertThat(
            check(
                deployment(
                    "a",
                    1,
                    GOOD_CONTAINER.replace("ghcr.io/gridweave/app:0.1.0", "localhost:5000/app"))))
        .hasSize(1);
    assertThat(
            check(
                deployment("a", 1, GOOD_CONTAINER.replace(":0.1.0", "@sha256:" + "ab".repeat(32)))))
        .isEmpty();
  }

  @Test
  void reportsASelectorThatMissesItsPods() {
    String yaml =
        deployment("app", 1, GOOD_CONTAINER)
            .replace(
                "selector: {matchLabels: {app: app}}", "selector: {matchLabels: {app: other}}");

    assertThat(check(yaml)).singleElement().asString().contains("does not match its pod labels");
  }

  @Test
  void reportsServicesAndBudgetsThatSelectNothing() {
    String service =
        """
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec:
          selector: {app: nothing}
          ports: [{port: 80}]
        """;
    String pdb =
        """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: web}
        spec:
          minAvailable: 1
          selector: {matchLabels: {app: nothing}}
        """;

    assertThat(check(deployment("app", 1, GOOD_CONTAINER), service, pdb))
        .containsExactlyInAnyOrder(
            "Service/web selects no workload's pods: {\"app\":\"nothing\"}",
            "PodDisruptionBudget/web selects no workload's pods");
  }

  @Test
  void severalReplicasNeedADisruptionBudget() {
    assertThat(check(deployment("app", 2, GOOD_CONTAINER)))
        .containsExactly(
            "Deployment/app runs several replicas but no PodDisruptionBudget covers it");
    String pdb =
        """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: app}
        spec:
          minAvailable: 1
          selector: {matchLabels: {app: app}}
        """;
    assertThat(check(deployment("app", 2, GOOD_CONTAINER), pdb)).isEmpty();
  }

  @Test
  void aRenderedSecretIsAViolationAndReferencesMustBeDocumented() {
    String secret =
        """
        apiVersion: v1
        kind: Secret
        metadata: {name: db}
        stringData: {password: hunter2}
        """;
    String withRefs =
        GOOD_CONTAINER
            + """
                    env:
                      - name: A
                        valueFrom: {secretKeyRef: {name: db, key: password}}
                      - name: B
                        valueFrom: {secretKeyRef: {name: db, key: token}}
                      - name: C
                        valueFrom: {secretKeyRef: {name: stray, key: x}}
                      - name: D
                        valueFrom: {configMapKeyRef: {name: net, key: genesis.json}}
                      - name: E
                        valueFrom: {configMapKeyRef: {name: elsewhere, key: x}}
            """;

    assertThat(check(deployment("app", 1, withRefs), secret))
        .containsExactlyInAnyOrder(
            "Secret/db is rendered: Secrets are created outside the repository and only referenced",
            "Deployment/app container app references key token of Secret db, which has [username, password]",
            "Deployment/app container app references Secret stray, which is not documented",
            "Deployment/app container app references ConfigMap elsewhere, neither rendered nor documented");
  }

  @Test
  void reportsAnAutoscalerWithoutTargetAndABindingWithoutAccount() {
    String hpa =
        """
        apiVersion: autoscaling/v2
        kind: HorizontalPodAutoscaler
        metadata: {name: gone}
        spec:
          scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: gone}
          minReplicas: 1
          maxReplicas: 3
        """;
    String binding =
        """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: b}
        subjects: [{kind: ServiceAccount, name: ghost}]
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: missing}
        """;

    assertThat(check(hpa, binding))
        .containsExactlyInAnyOrder(
            "HorizontalPodAutoscaler/gone scales Deployment/gone, which is not rendered",
            "RoleBinding/b binds missing, not rendered",
            "RoleBinding/b names ServiceAccount ghost, not rendered");
  }
}

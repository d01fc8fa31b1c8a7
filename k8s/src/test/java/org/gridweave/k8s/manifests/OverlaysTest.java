package org.gridweave.k8s.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.gridweave.k8s.secrets.ClusterSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every kustomization rendered by kubectl kustomize keeps the invariants and says what it must. */
class OverlaysTest {
  static final List<String> KUSTOMIZATIONS = Rendered.KUSTOMIZATIONS;

  @ParameterizedTest
  @FieldSource("KUSTOMIZATIONS")
  void everyRenderedKustomizationKeepsEveryInvariant(String kustomization) {
    Manifests manifests = Rendered.of(kustomization);

    assertThat(manifests.objects()).isNotEmpty();
    assertThat(Invariants.check(manifests, ClusterSecrets.documented())).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  void theServicesListenWhereTheirApplicationPropertiesSayAndReadOnlyVariablesTheyKnow(
      String overlay) throws IOException {
    Manifests manifests = Rendered.of(overlay);
    for (String service : List.of("meter-gateway", "forecasting", "grid-controller")) {
      String text =
          Files.readString(
              Rendered.repository()
                  .resolve(service)
                  .resolve("src/main/resources/application.properties"));
      Properties properties = new Properties();
      properties.load(new java.io.StringReader(text));
      JsonNode container = container(workload(manifests, service), service);

      int port = container.path("ports").get(0).path("containerPort").asInt();
      assertThat(port)
          .as(service + " container port")
          .isEqualTo(Integer.parseInt(properties.getProperty("quarkus.http.port")));
      assertThat(container.path("livenessProbe").path("httpGet").path("path").asText())
          .isEqualTo("/q/health/live");
      assertThat(container.path("readinessProbe").path("httpGet").path("path").asText())
          .isEqualTo("/q/health/ready");
      // A short variable (GW_DB_URL) must be one the properties read: ${GW_DB_URL:...}.
      for (JsonNode env : container.path("env")) {
        String name = env.path("name").asText();
        if (name.matches("(GW|FC|GC)_[A-Z_]+")) {
          assertThat(text).as(service + " reads " + name).contains("${" + name + ":");
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  void gatewaysShareTheSubscriptionEachUnderItsStablePodName(String overlay) {
    Manifests manifests = Rendered.of(overlay);
    // A StatefulSet: a restarted pod has its old name, so its persistent session (and the share
    // Mosquitto queued there while it was away) comes back to it.
    JsonNode statefulSet = manifests.get("StatefulSet", "meter-gateway");
    JsonNode gateway = container(statefulSet, "meter-gateway");
    Map<String, JsonNode> env = env(gateway);

    assertThat(
            env.get("GW_INSTANCE_ID").path("valueFrom").path("fieldRef").path("fieldPath").asText())
        .isEqualTo("metadata.name");
    assertThat(env.get("GW_TELEMETRY_FILTER").path("value").asText())
        .startsWith("$share/")
        .endsWith("/gridweave/v1/+/+/telemetry");
    assertThat(env.get("GW_BACKFILL_FILTER").path("value").asText()).startsWith("$share/");
    JsonNode hpa = manifests.get("HorizontalPodAutoscaler", "meter-gateway");
    assertThat(hpa.path("spec").path("scaleTargetRef").path("kind").asText())
        .isEqualTo("StatefulSet");
    assertThat(hpa.path("spec").path("scaleTargetRef").path("name").asText())
        .isEqualTo("meter-gateway");
    JsonNode scaleDown = hpa.path("spec").path("behavior").path("scaleDown");
    assertThat(scaleDown.path("selectPolicy").asText())
        .as("scaling in is allowed: a live gateway takes over a removed one's sessions")
        .isNotEqualTo("Disabled");
    assertThat(scaleDown.path("policies").get(0).path("type").asText()).isEqualTo("Pods");
    assertThat(scaleDown.path("policies").get(0).path("value").asInt())
        .as("one gateway at a time, so the take-overs do not pile up")
        .isEqualTo(1);
    assertThat(statefulSet.path("spec").has("replicas"))
        .as("the autoscaler owns the replica count")
        .isFalse();
    assertThat(manifests.find("Deployment", "meter-gateway")).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  void twoControllersElectTheirLeaderThroughALeaseTheyMayWrite(String overlay) {
    Manifests manifests = Rendered.of(overlay);
    JsonNode deployment = manifests.get("Deployment", "grid-controller");
    Map<String, JsonNode> env = env(container(deployment, "grid-controller"));

    assertThat(deployment.path("spec").path("replicas").asInt()).isEqualTo(2);
    assertThat(env.get("GRIDWEAVE_CONTROLLER_LEADER_MODE").path("value").asText())
        .isEqualTo("kubernetes");
    assertThat(env.get("GRIDWEAVE_CONTROLLER_LEADER_LEASE_NAME").path("value").asText())
        .isEqualTo("gridweave-controller");
    assertThat(
            env.get("GRIDWEAVE_CONTROLLER_LEADER_INSTANCE_ID")
                .path("valueFrom")
                .path("fieldRef")
                .path("fieldPath")
                .asText())
        .isEqualTo("metadata.name");

    String account =
        deployment.path("spec").path("template").path("spec").path("serviceAccountName").asText();
    JsonNode binding =
        manifests.ofKind("RoleBinding").stream()
            .filter(b -> b.path("subjects").get(0).path("name").asText().equals(account))
            .findFirst()
            .orElseThrow();
    JsonNode role = manifests.get("Role", binding.path("roleRef").path("name").asText());
    assertThat(role.path("rules")).hasSize(1);
    JsonNode rule = role.path("rules").get(0);
    assertThat(rule.path("apiGroups").get(0).asText()).isEqualTo("coordination.k8s.io");
    assertThat(texts(rule.path("resources"))).containsExactly("leases");
    assertThat(texts(rule.path("verbs")))
        .containsExactlyInAnyOrder("get", "create", "update", "patch");
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  void fourBesuValidatorsLoadThePluginFromThePinnedImageAndTheirKeysFromTheSecret(String overlay) {
    Manifests manifests = Rendered.of(overlay);
    JsonNode besu = manifests.get("StatefulSet", "besu-validator");
    JsonNode pod = besu.path("spec").path("template").path("spec");
    JsonNode node = container(besu, "besu");
    JsonNode installer = pod.path("initContainers").get(0);

    assertThat(besu.path("spec").path("replicas").asInt()).isEqualTo(4);
    assertThat(node.path("image").asText()).matches("hyperledger/besu:\\d+\\.\\d+\\.\\d+");
    assertThat(installer.path("image").asText()).isEqualTo("ghcr.io/gridweave/besu-plugin:0.1.0");
    String pluginVolume = installer.path("volumeMounts").get(0).path("name").asText();
    assertThat(mountPath(node, pluginVolume)).isEqualTo("/opt/besu/plugins");
    assertThat(volume(pod, pluginVolume).has("emptyDir")).isTrue();
    assertThat(volume(pod, "node-keys").path("secret").path("secretName").asText())
        .isEqualTo("besu-node-keys");
    assertThat(texts(node.path("args")))
        .contains("--node-private-key-file=/keys/$(POD_NAME)")
        .anyMatch(a -> a.startsWith("--plugin-energy-contract-address="));
    assertThat(volume(pod, "network").path("configMap").path("name").asText())
        .isEqualTo(ClusterSecrets.NETWORK_CONFIG_MAP);
    assertThat(
            manifests
                .get("Service", "besu-validator")
                .path("spec")
                .path("publishNotReadyAddresses")
                .asBoolean())
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"overlays/dev", "overlays/prod"})
  void theBrokerIsAPinnedMosquitto2WithAPersistentVolume(String overlay) {
    Manifests manifests = Rendered.of(overlay);
    JsonNode broker = manifests.get("StatefulSet", "mosquitto");

    assertThat(container(broker, "mosquitto").path("image").asText())
        .matches("eclipse-mosquitto:2\\.0\\.\\d+");
    assertThat(
            broker
                .path("spec")
                .path("volumeClaimTemplates")
                .get(0)
                .path("metadata")
                .path("name")
                .asText())
        .isEqualTo("data");
    JsonNode config =
        manifests.ofKind("ConfigMap").stream()
            .filter(c -> Manifests.name(c).startsWith("mosquitto-config"))
            .findFirst()
            .orElseThrow();
    assertThat(config.path("data").path("mosquitto.conf").asText())
        .contains("listener 1883")
        .contains("persistence true");
  }

  @Test
  void devRunsAPostgresStatefulSetAndProdACloudNativePgClusterBehindTheSameServiceName() {
    Manifests dev = Rendered.of("overlays/dev");
    Manifests prod = Rendered.of("overlays/prod");

    assertThat(dev.find("StatefulSet", "postgres")).isPresent();
    assertThat(dev.find("Service", "gridweave-db-rw")).isPresent();
    assertThat(dev.ofKind("Cluster")).isEmpty();
    assertThat(prod.find("StatefulSet", "postgres")).isEmpty();
    JsonNode cluster = prod.get("Cluster", "gridweave-db");
    assertThat(cluster.path("apiVersion").asText()).isEqualTo("postgresql.cnpg.io/v1");
    assertThat(cluster.path("spec").path("instances").asInt()).isGreaterThanOrEqualTo(3);
    assertThat(
            cluster
                .path("spec")
                .path("bootstrap")
                .path("initdb")
                .path("secret")
                .path("name")
                .asText())
        .isEqualTo("gridweave-db-app");
    assertThat(
            cluster
                .path("spec")
                .path("inheritedMetadata")
                .path("labels")
                .path("gridweave.org/database")
                .asText())
        .isEqualTo("true");
  }

  static JsonNode workload(Manifests manifests, String name) {
    return manifests
        .find("Deployment", name)
        .or(() -> manifests.find("StatefulSet", name))
        .orElseThrow(() -> new AssertionError("no workload " + name));
  }

  static JsonNode container(JsonNode workload, String name) {
    for (JsonNode container :
        workload.path("spec").path("template").path("spec").path("containers")) {
      if (container.path("name").asText().equals(name)) {
        return container;
      }
    }
    throw new AssertionError(Manifests.id(workload) + " has no container " + name);
  }

  static Map<String, JsonNode> env(JsonNode container) {
    Map<String, JsonNode> env = new LinkedHashMap<>();
    container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
    return env;
  }

  static JsonNode volume(JsonNode pod, String name) {
    for (JsonNode volume : pod.path("volumes")) {
      if (volume.path("name").asText().equals(name)) {
        return volume;
      }
    }
    throw new AssertionError("no volume " + name);
  }

  static String mountPath(JsonNode container, String volume) {
    for (JsonNode mount : container.path("volumeMounts")) {
      if (mount.path("name").asText().equals(volume)) {
        return mount.path("mountPath").asText();
      }
    }
    throw new AssertionError(container.path("name").asText() + " does not mount " + volume);
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(a -> texts.add(a.asText()));
    return texts;
  }
}

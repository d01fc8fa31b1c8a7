package org.gridweave.k8s.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.gridweave.k8s.chain.QbftNetwork;
import org.gridweave.k8s.secrets.ClusterSecrets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every rendered object reads into the Kubernetes API's own types (fabric8's model of the API), and
 * nowhere inside it is a field those types do not know: a misspelt or misplaced field ({@code
 * readinesProbe}, {@code sizeLimit} beside {@code emptyDir}) would land in a model's "additional
 * properties", where the API server would drop or refuse it.
 */
class SchemaTest {
  static final List<String> KUSTOMIZATIONS = Rendered.KUSTOMIZATIONS;

  static final Map<String, Class<?>> TYPES =
      Map.ofEntries(
          Map.entry("v1/Service", io.fabric8.kubernetes.api.model.Service.class),
          Map.entry("v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
          Map.entry("v1/ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
          Map.entry(
              "v1/PersistentVolumeClaim",
              io.fabric8.kubernetes.api.model.PersistentVolumeClaim.class),
          Map.entry("apps/v1/Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
          Map.entry("apps/v1/StatefulSet", io.fabric8.kubernetes.api.model.apps.StatefulSet.class),
          Map.entry("batch/v1/Job", io.fabric8.kubernetes.api.model.batch.v1.Job.class),
          Map.entry(
              "autoscaling/v2/HorizontalPodAutoscaler",
              io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
          Map.entry(
              "policy/v1/PodDisruptionBudget",
              io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
          Map.entry(
              "networking.k8s.io/v1/NetworkPolicy",
              io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
          Map.entry(
              "rbac.authorization.k8s.io/v1/Role", io.fabric8.kubernetes.api.model.rbac.Role.class),
          Map.entry(
              "rbac.authorization.k8s.io/v1/RoleBinding",
              io.fabric8.kubernetes.api.model.rbac.RoleBinding.class));

  /** Custom resources without a model here: checked by their operator, listed so none slips by. */
  static final List<String> UNMODELLED = List.of("postgresql.cnpg.io/v1/Cluster");

  @ParameterizedTest
  @FieldSource("KUSTOMIZATIONS")
  void everyRenderedObjectIsMadeOfFieldsTheKubernetesApiKnows(String kustomization)
      throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    List<String> unknown = new ArrayList<>();
    for (JsonNode object : Rendered.of(kustomization).objects()) {
      String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
      if (UNMODELLED.contains(type)) {
        continue;
      }
      assertThat(TYPES).as("a model for " + type).containsKey(type);
      Object typed = mapper.treeToValue(object, TYPES.get(type));
      collectUnknown(typed, Manifests.id(object), unknown);
    }
    assertThat(unknown).isEmpty();
  }

  @Test
  void theGeneratedSecretsAndNetworkConfigMapAreMadeOfKnownFieldsToo(@TempDir Path tmp)
      throws Exception {
    var secrets =
        ClusterSecrets.generate("gridweave", QbftNetwork.Parameters.defaults(), new SecureRandom());
    StringBuilder yaml = new StringBuilder();
    for (Path file : secrets.writeTo(tmp.resolve("out"))) {
      yaml.append(Files.readString(file)).append("\n---\n");
    }
    Map<String, Class<?>> types =
        Map.of(
            "v1/Secret", io.fabric8.kubernetes.api.model.Secret.class,
            "v1/ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class);
    List<String> unknown = new ArrayList<>();
    Manifests generated = Manifests.parse(yaml.toString());

    for (JsonNode object : generated.objects()) {
      String type = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
      collectUnknown(
          new ObjectMapper().treeToValue(object, types.get(type)), Manifests.id(object), unknown);
    }

    assertThat(generated.objects()).hasSize(5);
    assertThat(unknown).isEmpty();
  }

  @Test
  void aMisplacedFieldIsFound() throws Exception {
    Manifests broken =
        Manifests.parse(
            """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: app}
            spec:
              selector: {matchLabels: {app: app}}
              template:
                metadata: {labels: {app: app}}
                spec:
                  containers:
                    - name: app
                      image: app:1
                      readinesProbe: {tcpSocket: {port: 80}}
                  volumes:
                    - name: tmp
                      emptyDir: {}
                      sizeLimit: 1Gi
            """);
    List<String> unknown = new ArrayList<>();
    Object typed =
        new ObjectMapper().treeToValue(broken.objects().get(0), TYPES.get("apps/v1/Deployment"));

    collectUnknown(typed, "Deployment/app", unknown);

    assertThat(unknown)
        .containsExactlyInAnyOrder(
            "Deployment/app.spec.template.spec.containers[0]: readinesProbe",
            "Deployment/app.spec.template.spec.volumes[0]: sizeLimit");
  }

  /** Walks the model's getters; reports every non-empty additionalProperties with its path. */
  static void collectUnknown(Object value, String path, List<String> unknown) throws Exception {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean
        || value instanceof Enum<?>
        || !value.getClass().getName().startsWith("io.fabric8.")) {
      if (value instanceof Collection<?> list) {
        int i = 0;
        for (Object item : list) {
          collectUnknown(item, path + "[" + i++ + "]", unknown);
        }
      } else if (value instanceof Map<?, ?> map) {
        for (var entry : map.entrySet()) {
          collectUnknown(entry.getValue(), path + "." + entry.getKey(), unknown);
        }
      }
      return;
    }
    for (Method getter : value.getClass().getMethods()) {
      if (getter.getParameterCount() != 0
          || Modifier.isStatic(getter.getModifiers())
          || !getter.getName().startsWith("get")
          || getter.getDeclaringClass() == Object.class) {
        continue;
      }
      Object child = getter.invoke(value);
      if (getter.getName().equals("getAdditionalProperties")) {
        if (child instanceof Map<?, ?> extra && !extra.isEmpty()) {
          extra.keySet().forEach(key -> unknown.add(path + ": " + key));
        }
        continue;
      }
      String field =
          Character.toLowerCase(getter.getName().charAt(3)) + getter.getName().substring(4);
      collectUnknown(child, path + "." + field, unknown);
    }
  }
}

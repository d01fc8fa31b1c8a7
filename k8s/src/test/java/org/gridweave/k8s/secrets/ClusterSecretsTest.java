package org.gridweave.k8s.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridweave.k8s.chain.NodeKey;
import org.gridweave.k8s.chain.QbftExtraData;
import org.gridweave.k8s.chain.QbftNetwork;
import org.gridweave.k8s.manifests.Manifests;
import org.gridweave.k8s.manifests.Rendered;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterSecretsTest {
  static ClusterSecrets generated() {
    return ClusterSecrets.generate(
        "gridweave", QbftNetwork.Parameters.defaults(), new SecureRandom());
  }

  @Test
  void theWrittenFilesHoldEveryDocumentedSecretAndAGenesisNamingTheKeysValidators(@TempDir Path tmp)
      throws Exception {
    ClusterSecrets secrets = generated();
    Path out = tmp.resolve("cluster");

    List<Path> files = secrets.writeTo(out);

    assertThat(Files.getPosixFilePermissions(files.get(0)))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    Manifests written =
        Manifests.parse(
            Files.readString(files.get(0)) + "\n---\n" + Files.readString(files.get(1)));
    for (SecretSpec spec : SecretSpec.ALL) {
      JsonNode secret = written.get("Secret", spec.name());
      assertThat(secret.path("type").asText()).isEqualTo(spec.type());
      assertThat(secret.path("metadata").path("namespace").asText()).isEqualTo("gridweave");
      assertThat(secret.path("stringData").fieldNames())
          .toIterable()
          .containsExactlyElementsOf(spec.keys());
    }
    JsonNode keys = written.get("Secret", "besu-node-keys").path("stringData");
    JsonNode network = written.get("ConfigMap", ClusterSecrets.NETWORK_CONFIG_MAP).path("data");
    JsonNode genesis = new ObjectMapper().readTree(network.path("genesis.json").asText());
    List<String> validatorsFromKeys =
        List.of(0, 1, 2, 3).stream()
            .map(i ->
                NodeKey.ofPrivateKey(keys.path("besu-validator-" + i).asText())
                    .address()
                    .prefixed())
            .toList();
    assertThat(
            QbftExtraData.fromHex(genesis.path("extraData").asText()).validators().stream()
                .map(a -> a.prefixed())
                .toList())
        .isEqualTo(validatorsFromKeys);
    JsonNode staticNodes = new ObjectMapper().readTree(network.path("static-nodes.json").asText());
    assertThat(staticNodes.get(1).asText())
        .startsWith(
            "enode://" + NodeKey.ofPrivateKey(keys.path("besu-validator-1").asText()).enodeId())
        .endsWith("@besu-validator-1.besu-validator.gridweave.svc.cluster.local:30303");
    NodeKey operator =
        NodeKey.ofPrivateKey(
            written
                .get("Secret", "controller-settlement")
                .path("stringData")
                .path("operator-key")
                .asText());
    assertThat(network.path("operators").asText()).isEqualTo(operator.address().prefixed());
    assertThat(network.path("contract-address").asText())
        .isEqualTo(secrets.network().contractAddress().prefixed());
    assertThat(network.fieldNames())
        .toIterable()
        .containsExactlyElementsOf(ClusterSecrets.NETWORK_KEYS);
    String users =
        written.get("Secret", "controller-console").path("stringData").path("users").asText();
    assertThat(users).matches("operator:operator::[A-Za-z0-9_-]{32}");
  }

  @Test
  void twoRunsShareNoKeyOrPassword() {
    ClusterSecrets one = generated();
    ClusterSecrets two = generated();
    Set<String> values = new HashSet<>();
    for (ClusterSecrets secrets : List.of(one, two)) {
      secrets
          .secretData()
          .forEach((name, data) ->
              data.forEach((key, value) -> {
                if (!key.equals("username")) {
                  assertThat(values.add(value)).as(name + "/" + key + " repeated").isTrue();
                }
              }));
    }
  }

  @Test
  void neverOverwritesAFolderThatHoldsSomething(@TempDir Path tmp) throws Exception {
    Files.writeString(tmp.resolve("secrets.yaml"), "old keys");

    assertThatThrownBy(() -> generated().writeTo(tmp)).hasMessageContaining("not empty");
    assertThat(Files.readString(tmp.resolve("secrets.yaml"))).isEqualTo("old keys");
  }

  @Test
  void refusesAShortSessionKeyAndPasswordsThatBreakTheUsersFormat() {
    QbftNetwork network = generated().network();
    assertThatThrownBy(() -> ClusterSecrets.of("gridweave", network, "pw", "short", "pass"))
        .hasMessageContaining(">= 16");
    assertThatThrownBy(() -> ClusterSecrets.of("gridweave", network, "pw", "x".repeat(16), "a:b"))
        .hasMessageContaining("':'");
    assertThatThrownBy(() -> ClusterSecrets.of("Grid_Weave", network, "pw", "x".repeat(16), "ab"))
        .hasMessageContaining("DNS label");
  }

  @Test
  void everySecretKeyTheOverlaysReferenceIsOneTheGeneratorWrites() {
    Map<String, Set<String>> written = new HashMap<>();
    generated().secretData().forEach((name, data) -> written.put(name, data.keySet()));
    for (String overlay : List.of("overlays/dev", "overlays/prod")) {
      Manifests manifests = Rendered.of(overlay);
      for (JsonNode ref :
          manifests.objects().stream()
              .flatMap(o -> o.findValues("secretKeyRef").stream())
              .toList()) {
        assertThat(written.get(ref.path("name").asText()))
            .as(overlay + " " + ref)
            .contains(ref.path("key").asText());
      }
      for (JsonNode secret :
          manifests.objects().stream().flatMap(o -> o.findValues("secretName").stream()).toList()) {
        assertThat(written).containsKey(secret.asText());
      }
    }
  }

  @Test
  void theReadmeDocumentsExactlyTheseSecrets() throws Exception {
    String readme = Files.readString(Rendered.k8s().resolve("README.md"));
    for (SecretSpec spec : SecretSpec.ALL) {
      String row =
          "| `"
              + spec.name()
              + "` | "
              + String.join(", ", spec.keys().stream().map(k -> "`" + k + "`").toList())
              + " |";
      assertThat(readme).contains(row);
    }
    long rows = readme.lines().filter(l -> l.matches("\\| `[a-z0-9-]+` \\| `.*")).count();
    assertThat(rows).isEqualTo(SecretSpec.ALL.size() + 1); // + the ConfigMap besu-network row
  }
}

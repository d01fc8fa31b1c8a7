package org.gridweave.k8s.secrets;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridweave.k8s.chain.NodeKey;
import org.gridweave.k8s.chain.QbftNetwork;
import org.gridweave.k8s.manifests.Invariants;

/**
 * What a cluster needs besides the manifests: the Secrets of {@link SecretSpec#ALL} with fresh keys
 * and passwords, and the ConfigMap {@code besu-network} (genesis, static nodes, contract address,
 * operators), which is public but follows from the validators' keys.
 *
 * <p>Written to a folder outside the repository, applied with {@code kubectl apply -f}.
 */
public record ClusterSecrets(
    String namespace, QbftNetwork network, Map<String, Map<String, String>> secretData) {

  public static final String NETWORK_CONFIG_MAP = "besu-network";

  /** The keys of ConfigMap {@value #NETWORK_CONFIG_MAP}. */
  public static final List<String> NETWORK_KEYS =
      List.of("genesis.json", "static-nodes.json", "contract-address", "operators");

  public static final String SECRETS_FILE = "secrets.yaml";
  public static final String NETWORK_FILE = "besu-network.yaml";

  /** The console's first user; more are added in the console. */
  public static final String FIRST_OPERATOR = "operator";

  public ClusterSecrets {
    if (namespace == null || !namespace.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      throw new IllegalArgumentException("a namespace is a DNS label, was '" + namespace + "'");
    }
    for (SecretSpec spec : SecretSpec.ALL) {
      Map<String, String> data = secretData.get(spec.name());
      if (data == null || !data.keySet().equals(new java.util.HashSet<>(spec.keys()))) {
        throw new IllegalArgumentException(
            "Secret " + spec.name() + " needs exactly the keys " + spec.keys());
      }
    }
    secretData = Map.copyOf(secretData);
  }

  /** Fresh keys and passwords for a namespace. */
  public static ClusterSecrets generate(
      String namespace, QbftNetwork.Parameters parameters, SecureRandom random) {
    List<NodeKey> validators = new ArrayList<>();
    for (int i = 0; i < SecretSpec.BESU_NODE_KEYS.keys().size(); i++) {
      validators.add(NodeKey.generate(random));
    }
    QbftNetwork network =
        new QbftNetwork(
            parameters, validators, NodeKey.generate(random), QbftNetwork.domainOf(namespace));
    return of(namespace, network, token(random), token(random), token(random));
  }

  /** The Secrets for a given network and given passwords (tests pin them). */
  public static ClusterSecrets of(
      String namespace,
      QbftNetwork network,
      String databasePassword,
      String sessionKey,
      String operatorPassword) {
    if (sessionKey.length() < 16) {
      throw new IllegalArgumentException("the console's session key needs >= 16 characters");
    }
    if (operatorPassword.contains(":") || operatorPassword.contains(";")) {
      throw new IllegalArgumentException("a console password may not contain ':' or ';'");
    }
    Map<String, Map<String, String>> data = new LinkedHashMap<>();
    data.put(
        SecretSpec.DATABASE.name(), Map.of("username", "gridweave", "password", databasePassword));
    Map<String, String> keys = new LinkedHashMap<>();
    for (int i = 0; i < network.validators().size(); i++) {
      keys.put(QbftNetwork.podName(i), network.validators().get(i).privateKeyHex());
    }
    data.put(SecretSpec.BESU_NODE_KEYS.name(), keys);
    data.put(
        SecretSpec.CONTROLLER_SETTLEMENT.name(),
        Map.of("operator-key", network.operator().privateKeyHex()));
    data.put(
        SecretSpec.CONTROLLER_CONSOLE.name(),
        Map.of(
            "session-key",
            sessionKey,
            // name:role:site:password (ControllerConfig.Console#users)
            "users",
            FIRST_OPERATOR + ":operator::" + operatorPassword));
    return new ClusterSecrets(namespace, network, data);
  }

  private static String token(SecureRandom random) {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public List<ObjectNode> secretManifests(ObjectMapper mapper) {
    List<ObjectNode> manifests = new ArrayList<>();
    for (SecretSpec spec : SecretSpec.ALL) {
      ObjectNode secret = header(mapper, "Secret", spec.name());
      secret.put("type", spec.type());
      ObjectNode stringData = secret.putObject("stringData");
      Map<String, String> data = secretData.get(spec.name());
      for (String key : spec.keys()) {
        stringData.put(key, data.get(key));
      }
      manifests.add(secret);
    }
    return manifests;
  }

  public ObjectNode networkConfigMap(ObjectMapper mapper) {
    ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode map = header(mapper, "ConfigMap", NETWORK_CONFIG_MAP);
    ObjectNode data = map.putObject("data");
    try {
      data.put("genesis.json", pretty.writeValueAsString(network.genesis(pretty)) + "\n");
      data.put("static-nodes.json", pretty.writeValueAsString(network.staticNodes(pretty)) + "\n");
    } catch (IOException e) {
      throw new IllegalStateException("JSON of the genesis could not be written", e);
    }
    data.put("contract-address", network.contractAddress().prefixed());
    // The owner (the deployer) must be among the plugin's operators (besu-plugin/README.md).
    data.put("operators", network.operator().address().prefixed());
    return map;
  }

  private ObjectNode header(ObjectMapper mapper, String kind, String name) {
    ObjectNode manifest = mapper.createObjectNode();
    manifest.put("apiVersion", "v1");
    manifest.put("kind", kind);
    ObjectNode metadata = manifest.putObject("metadata");
    metadata.put("name", name);
    metadata.put("namespace", namespace);
    metadata.putObject("labels").put("app.kubernetes.io/part-of", "gridweave");
    return manifest;
  }

  /**
   * Writes {@value #SECRETS_FILE} (mode 600) and {@value #NETWORK_FILE} into {@code folder}, which
   * must not exist yet or be empty: keys are never overwritten.
   */
  public List<Path> writeTo(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      try (var entries = Files.list(folder)) {
        if (entries.findAny().isPresent()) {
          throw new IllegalArgumentException(
              folder + " is not empty: refusing to overwrite keys (choose a new folder)");
        }
      }
    } else if (Files.exists(folder)) {
      throw new IllegalArgumentException(folder + " exists and is not a folder");
    }
    Files.createDirectories(folder);
    ObjectMapper yaml = yamlMapper();
    StringBuilder secrets = new StringBuilder();
    secrets.append("# GridWeave Secrets for namespace ").append(namespace).append(".\n");
    secrets.append("# Keep this file out of git; kubectl apply -f it, then store it safely.\n");
    for (ObjectNode secret : secretManifests(yaml)) {
      secrets.append(yaml.writeValueAsString(secret));
    }
    Path secretsFile = folder.resolve(SECRETS_FILE);
    Files.writeString(secretsFile, secrets);
    try {
      Files.setPosixFilePermissions(secretsFile, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the folder's own permissions protect it
    }
    Path networkFile = folder.resolve(NETWORK_FILE);
    Files.writeString(networkFile, yaml.writeValueAsString(networkConfigMap(yaml)));
    return List.of(secretsFile, networkFile);
  }

  /** What the manifests may reference without rendering it: these Secrets and besu-network. */
  public static Invariants.External documented() {
    Map<String, List<String>> secrets = new LinkedHashMap<>();
    SecretSpec.ALL.forEach(spec -> secrets.put(spec.name(), spec.keys()));
    return new Invariants.External(secrets, Map.of(NETWORK_CONFIG_MAP, NETWORK_KEYS));
  }

  public static ObjectMapper yamlMapper() {
    return new ObjectMapper(
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .build());
  }
}

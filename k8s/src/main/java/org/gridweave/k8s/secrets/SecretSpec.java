package org.gridweave.k8s.secrets;

import java.util.List;
import java.util.Optional;

/**
 * A Secret the manifests reference but never contain: its name, type and keys. {@link #ALL} is the
 * list k8s/README.md documents and {@code ./gridweave k8s secrets} writes.
 */
public record SecretSpec(String name, String type, List<String> keys, String purpose) {
  public SecretSpec {
    if (name == null || !name.matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?")) {
      throw new IllegalArgumentException("a Secret name is a DNS label, was '" + name + "'");
    }
    if (keys == null || keys.isEmpty()) {
      throw new IllegalArgumentException("Secret " + name + " needs at least one key");
    }
    keys = List.copyOf(keys);
  }

  public static final SecretSpec DATABASE =
      new SecretSpec(
          "gridweave-db-app",
          "kubernetes.io/basic-auth",
          List.of("username", "password"),
          "PostgreSQL owner of database gridweave (dev StatefulSet, CloudNativePG initdb) and the"
              + " services' login");

  public static final SecretSpec BESU_NODE_KEYS =
      new SecretSpec(
          "besu-node-keys",
          "Opaque",
          List.of("besu-validator-0", "besu-validator-1", "besu-validator-2", "besu-validator-3"),
          "the four validators' node keys (hex), one file per pod");

  public static final SecretSpec CONTROLLER_SETTLEMENT =
      new SecretSpec(
          "controller-settlement",
          "Opaque",
          List.of("operator-key"),
          "the operator account's private key: signs settlements, deploys the contract");

  public static final SecretSpec CONTROLLER_CONSOLE =
      new SecretSpec(
          "controller-console",
          "Opaque",
          List.of("session-key", "users"),
          "the console's cookie encryption key (same on both replicas) and its first users");

  public static final List<SecretSpec> ALL =
      List.of(DATABASE, BESU_NODE_KEYS, CONTROLLER_SETTLEMENT, CONTROLLER_CONSOLE);

  public static Optional<SecretSpec> named(String name) {
    return ALL.stream().filter(s -> s.name.equals(name)).findFirst();
  }
}

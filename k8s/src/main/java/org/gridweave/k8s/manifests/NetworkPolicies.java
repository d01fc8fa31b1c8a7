package org.gridweave.k8s.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * Answers "may this peer open this connection?" for the NetworkPolicies of one namespace, with the
 * semantics of {@code networking.k8s.io/v1}: a pod selected by no policy of a direction is open in
 * that direction; otherwise a connection passes when some rule of some selecting policy admits both
 * the peer and the port. Both ends must allow it (egress of the source if it is a pod of this
 * namespace, ingress of the destination).
 *
 * <p>An {@code ipBlock} is matched against the peer's IP, also for pods (whether a CNI applies
 * ipBlocks to pod traffic varies; matching them is the cautious reading when asking who can get
 * in). Named ports are not resolved: rules here use numbers, and a named one matches nothing.
 */
public record NetworkPolicies(List<JsonNode> policies) {
  public NetworkPolicies {
    policies = List.copyOf(policies);
  }

  public static NetworkPolicies of(Manifests manifests) {
    return new NetworkPolicies(manifests.ofKind("NetworkPolicy"));
  }

  /**
   * One end of a connection: a pod of this namespace (its labels), a pod of another namespace
   * (labels and the namespace's labels), or a host outside the cluster (labels null).
   */
  public record Peer(
      Map<String, String> podLabels,
      boolean inThisNamespace,
      Map<String, String> namespaceLabels,
      String ip) {
    public Peer {
      if (ip == null || !ip.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
        throw new IllegalArgumentException("a peer needs an IPv4 address, was " + ip);
      }
      podLabels = podLabels == null ? null : Map.copyOf(podLabels);
      namespaceLabels = namespaceLabels == null ? Map.of() : Map.copyOf(namespaceLabels);
    }

    public static Peer pod(Map<String, String> labels, String ip) {
      return new Peer(labels, true, Map.of(), ip);
    }

    public static Peer podElsewhere(
        Map<String, String> labels, Map<String, String> namespaceLabels, String ip) {
      return new Peer(labels, false, namespaceLabels, ip);
    }

    public static Peer outside(String ip) {
      return new Peer(null, false, Map.of(), ip);
    }

    boolean isPod() {
      return podLabels != null;
    }
  }

  /** Whether {@code from} may connect to pod {@code to} on {@code port}/{@code protocol}. */
  public boolean allows(Peer from, Peer to, int port, String protocol) {
    if (!to.isPod() || !to.inThisNamespace()) {
      throw new IllegalArgumentException("the destination must be a pod of this namespace");
    }
    boolean egressOk =
        !from.isPod() || !from.inThisNamespace() || admits(from, to, port, protocol, "Egress");
    return egressOk && admits(to, from, port, protocol, "Ingress");
  }

  /** Whether the policies of {@code subject} admit {@code other} in {@code direction}. */
  private boolean admits(Peer subject, Peer other, int port, String protocol, String direction) {
    List<JsonNode> selecting =
        policies.stream()
            .filter(p -> types(p).contains(direction))
            .filter(
                p -> LabelSelector.matches(p.path("spec").path("podSelector"), subject.podLabels()))
            .toList();
    if (selecting.isEmpty()) {
      return true;
    }
    String rulesField = direction.equals("Ingress") ? "ingress" : "egress";
    String peersField = direction.equals("Ingress") ? "from" : "to";
    for (JsonNode policy : selecting) {
      for (JsonNode rule : policy.path("spec").path(rulesField)) {
        if (portMatches(rule.path("ports"), port, protocol)
            && peerMatches(rule.path(peersField), other)) {
          return true;
        }
      }
    }
    return false;
  }

  private static List<String> types(JsonNode policy) {
    JsonNode declared = policy.path("spec").path("policyTypes");
    if (declared.isArray() && !declared.isEmpty()) {
      return java.util.stream.StreamSupport.stream(declared.spliterator(), false)
          .map(JsonNode::asText)
          .toList();
    }
    return policy.path("spec").has("egress") ? List.of("Ingress", "Egress") : List.of("Ingress");
  }

  private static boolean portMatches(JsonNode ports, int port, String protocol) {
    if (ports.isMissingNode() || ports.isEmpty()) {
      return true;
    }
    for (JsonNode entry : ports) {
      if (!entry.path("protocol").asText("TCP").equals(protocol)) {
        continue;
      }
      JsonNode number = entry.path("port");
      if (number.isMissingNode()) {
        return true;
      }
      if (number.isInt()) {
        int end = entry.path("endPort").asInt(number.asInt());
        if (port >= number.asInt() && port <= end) {
          return true;
        }
      }
    }
    return false;
  }

  private static boolean peerMatches(JsonNode peers, Peer peer) {
    if (peers.isMissingNode() || peers.isEmpty()) {
      return true;
    }
    for (JsonNode entry : peers) {
      if (entry.has("ipBlock")) {
        if (inBlock(entry.path("ipBlock"), peer.ip())) {
          return true;
        }
        continue;
      }
      if (!peer.isPod()) {
        continue;
      }
      boolean hasPods = entry.has("podSelector");
      boolean hasNamespaces = entry.has("namespaceSelector");
      boolean namespaceOk =
          hasNamespaces
              ? LabelSelector.matches(entry.path("namespaceSelector"), peer.namespaceLabels())
              : peer.inThisNamespace();
      boolean podOk =
          !hasPods || LabelSelector.matches(entry.path("podSelector"), peer.podLabels());
      if (namespaceOk && podOk) {
        return true;
      }
    }
    return false;
  }

  static boolean inBlock(JsonNode ipBlock, String ip) {
    if (!inCidr(ipBlock.path("cidr").asText(), ip)) {
      return false;
    }
    for (JsonNode except : ipBlock.path("except")) {
      if (inCidr(except.asText(), ip)) {
        return false;
      }
    }
    return true;
  }

  static boolean inCidr(String cidr, String ip) {
    String[] parts = cidr.split("/");
    if (parts.length != 2 || parts[0].contains(":")) {
      return false;
    }
    int bits = Integer.parseInt(parts[1]);
    long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
    return (toLong(parts[0]) & mask) == (toLong(ip) & mask);
  }

  private static long toLong(String ip) {
    long value = 0;
    for (String octet : ip.split("\\.")) {
      value = (value << 8) | Integer.parseInt(octet);
    }
    return value;
  }
}

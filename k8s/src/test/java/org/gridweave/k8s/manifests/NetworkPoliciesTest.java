package org.gridweave.k8s.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.gridweave.k8s.manifests.NetworkPolicies.Peer;
import org.junit.jupiter.api.Test;

/**
 * The NetworkPolicies of k8s/base (+ CloudNativePG's of the prod overlay), read as files (no
 * kubectl needed) and evaluated for every pod the manifests run and for hosts outside.
 */
class NetworkPoliciesTest {
  static final Manifests FILES = Rendered.files("base", "database/statefulset", "database/cnpg");
  static final NetworkPolicies POLICIES = NetworkPolicies.of(FILES);

  /** Every workload's pod labels, plus a CloudNativePG instance and a sweep pod. */
  static Map<String, Map<String, String>> pods() {
    Map<String, Map<String, String>> pods = new LinkedHashMap<>();
    for (JsonNode workload : FILES.ofKind("Deployment", "StatefulSet")) {
      pods.put(Manifests.name(workload), Invariants.templateLabels(workload));
    }
    pods.put(
        "cnpg-instance",
        Map.of("cnpg.io/cluster", "gridweave-db", "gridweave.org/database", "true"));
    pods.put("sim-sweep", Map.of("app.kubernetes.io/name", "sim-sweep"));
    return pods;
  }

  static Peer pod(String name) {
    return Peer.pod(
        pods().get(name), "10.244.1." + (10 + List.copyOf(pods().keySet()).indexOf(name)));
  }

  static final Peer METER = Peer.outside("203.0.113.7");
  static final Peer INGRESS_CONTROLLER =
      Peer.podElsewhere(
          Map.of("app.kubernetes.io/name", "ingress-nginx"),
          Map.of("gridweave.org/http-clients", "true"),
          "10.244.9.9");
  static final Peer OTHER_NAMESPACE_POD =
      Peer.podElsewhere(Map.of("app", "anything"), Map.of("team", "other"), "10.244.8.8");

  @Test
  void everyWorkloadWeRunIsKnownToThisTest() {
    assertThat(pods().keySet())
        .contains(
            "meter-gateway",
            "forecasting",
            "grid-controller",
            "mosquitto",
            "besu-validator",
            "postgres");
  }

  @Test
  void onlyControllerPodsReachBesusJsonRpc() {
    Peer besu = pod("besu-validator");
    for (String name : pods().keySet()) {
      assertThat(POLICIES.allows(pod(name), besu, 8545, "TCP"))
          .as(name + " -> besu:8545")
          .isEqualTo(name.equals("grid-controller"));
    }
    assertThat(POLICIES.allows(METER, besu, 8545, "TCP")).isFalse();
    assertThat(POLICIES.allows(INGRESS_CONTROLLER, besu, 8545, "TCP")).isFalse();
    assertThat(POLICIES.allows(OTHER_NAMESPACE_POD, besu, 8545, "TCP")).isFalse();
  }

  @Test
  void validatorsTalkToEachOtherOverP2pAndNobodyElseDoes() {
    Peer besu = pod("besu-validator");
    for (String protocol : List.of("TCP", "UDP")) {
      assertThat(POLICIES.allows(besu, besu, 30303, protocol)).isTrue();
      assertThat(POLICIES.allows(pod("grid-controller"), besu, 30303, protocol)).isFalse();
      assertThat(POLICIES.allows(METER, besu, 30303, protocol)).isFalse();
    }
  }

  @Test
  void metersFromOutsideReachTheBrokerAndNothingElse() {
    assertThat(POLICIES.allows(METER, pod("mosquitto"), 1883, "TCP")).isTrue();
    for (String name : pods().keySet()) {
      for (int port : List.of(1883, 5432, 8081, 8082, 8083, 8545, 30303, 9545, 8000)) {
        if (!name.equals("mosquitto")) {
          assertThat(POLICIES.allows(METER, pod(name), port, "TCP"))
              .as("meter -> " + name + ":" + port)
              .isFalse();
        }
      }
    }
    assertThat(POLICIES.allows(METER, pod("mosquitto"), 8080, "TCP")).isFalse();
  }

  @Test
  void onlyTheThreeServicesReachPostgreSql() {
    List<String> clients = List.of("meter-gateway", "forecasting", "grid-controller");
    for (String database : List.of("postgres", "cnpg-instance")) {
      for (String name : pods().keySet()) {
        boolean expected =
            clients.contains(name)
                // CloudNativePG replicates between its own instances
                || (database.equals("cnpg-instance") && name.equals("cnpg-instance"));
        assertThat(POLICIES.allows(pod(name), pod(database), 5432, "TCP"))
            .as(name + " -> " + database + ":5432")
            .isEqualTo(expected);
      }
      assertThat(POLICIES.allows(METER, pod(database), 5432, "TCP")).isFalse();
      assertThat(POLICIES.allows(OTHER_NAMESPACE_POD, pod(database), 5432, "TCP")).isFalse();
    }
  }

  @Test
  void theServicesReachTheBrokerAndBesusPluginPublishesToIt() {
    for (String name :
        List.of("meter-gateway", "forecasting", "grid-controller", "besu-validator")) {
      assertThat(POLICIES.allows(pod(name), pod("mosquitto"), 1883, "TCP")).as(name).isTrue();
    }
  }

  @Test
  void podsNoPolicyNamesAreCutOffByTheDefaultDeny() {
    Peer sweep = pod("sim-sweep");
    assertThat(POLICIES.allows(sweep, pod("besu-validator"), 8545, "TCP")).isFalse();
    assertThat(POLICIES.allows(sweep, pod("postgres"), 5432, "TCP")).isFalse();
    assertThat(POLICIES.allows(pod("grid-controller"), sweep, 8080, "TCP")).isFalse();
  }

  @Test
  void httpApisAreOpenOnlyToNamespacesLabelledAsHttpClients() {
    assertThat(POLICIES.allows(INGRESS_CONTROLLER, pod("grid-controller"), 8083, "TCP")).isTrue();
    assertThat(POLICIES.allows(INGRESS_CONTROLLER, pod("meter-gateway"), 8081, "TCP")).isTrue();
    assertThat(POLICIES.allows(OTHER_NAMESPACE_POD, pod("grid-controller"), 8083, "TCP")).isFalse();
    assertThat(POLICIES.allows(pod("meter-gateway"), pod("grid-controller"), 8083, "TCP"))
        .isFalse();
  }

  @Test
  void withoutTheDefaultDenyEverythingWouldBeOpen() {
    // The evaluator itself: a pod no policy selects is open.
    NetworkPolicies none = new NetworkPolicies(List.of());
    assertThat(none.allows(METER, pod("besu-validator"), 8545, "TCP")).isTrue();
    assertThat(NetworkPolicies.inCidr("10.0.0.0/8", "10.244.1.2")).isTrue();
    assertThat(NetworkPolicies.inCidr("10.0.0.0/8", "11.0.0.1")).isFalse();
    assertThat(NetworkPolicies.inCidr("0.0.0.0/0", "203.0.113.7")).isTrue();
  }
}

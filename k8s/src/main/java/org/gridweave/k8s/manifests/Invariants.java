package org.gridweave.k8s.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * The rules every rendered GridWeave deployment keeps; {@link #check} lists each broken one as a
 * sentence naming the object, container and rule.
 *
 * <ul>
 *   <li>every container (init containers too) requests and limits CPU and memory;
 *   <li>every long-running container has a liveness and a readiness probe (Jobs are exempt);
 *   <li>images are pinned: a tag other than {@code latest}, or a digest;
 *   <li>selectors match their pod templates; every Service, PodDisruptionBudget and
 *       HorizontalPodAutoscaler points at a rendered workload; every workload with more than one
 *       replica or an autoscaler has a PodDisruptionBudget;
 *   <li>no Secret is rendered; every Secret referenced is a documented one with a documented key,
 *       and every ConfigMap referenced is rendered or a documented external one;
 *   <li>ServiceAccounts, Roles and RoleBindings referenced exist.
 * </ul>
 */
public final class Invariants {
  /** Kinds whose pods run until stopped. */
  static final Set<String> SERVING = Set.of("Deployment", "StatefulSet", "DaemonSet");

  static final Set<String> WORKLOADS = Set.of("Deployment", "StatefulSet", "DaemonSet", "Job");

  private static final Pattern DIGEST = Pattern.compile(".+@sha256:[0-9a-f]{64}");

  /** External objects the manifests may reference: name to its keys. */
  public record External(Map<String, List<String>> secrets, Map<String, List<String>> configMaps) {
    public External {
      secrets = Map.copyOf(secrets);
      configMaps = Map.copyOf(configMaps);
    }
  }

  private Invariants() {}

  public static List<String> check(Manifests manifests, External external) {
    List<String> violations = new ArrayList<>();
    Consumer<String> report = violations::add;
    List<JsonNode> workloads = manifests.ofKind(WORKLOADS.toArray(String[]::new));
    for (JsonNode workload : workloads) {
      checkWorkload(manifests, workload, external, report);
    }
    for (JsonNode secret : manifests.ofKind("Secret")) {
      report.accept(
          Manifests.id(secret)
              + " is rendered: Secrets are created outside the repository and only referenced");
    }
    for (JsonNode service : manifests.ofKind("Service")) {
      JsonNode selector = service.path("spec").path("selector");
      if (selector.isMissingNode() || selector.isEmpty()) {
        report.accept(Manifests.id(service) + " has no selector");
      } else if (workloads.stream()
          .noneMatch(w -> LabelSelector.matchesMap(selector, templateLabels(w)))) {
        report.accept(Manifests.id(service) + " selects no workload's pods: " + selector);
      }
    }
    List<JsonNode> budgets = manifests.ofKind("PodDisruptionBudget");
    for (JsonNode pdb : budgets) {
      JsonNode selector = pdb.path("spec").path("selector");
      if (selector.isMissingNode() || selector.isEmpty()) {
        report.accept(Manifests.id(pdb) + " has no selector");
      } else if (workloads.stream()
          .noneMatch(w -> LabelSelector.matches(selector, templateLabels(w)))) {
        report.accept(Manifests.id(pdb) + " selects no workload's pods");
      }
    }
    Set<String> autoscaled = new HashSet<>();
    for (JsonNode hpa : manifests.ofKind("HorizontalPodAutoscaler")) {
      JsonNode target = hpa.path("spec").path("scaleTargetRef");
      String targetId = target.path("kind").asText() + "/" + target.path("name").asText();
      autoscaled.add(targetId);
      if (manifests.find(target.path("kind").asText(), target.path("name").asText()).isEmpty()) {
        report.accept(Manifests.id(hpa) + " scales " + targetId + ", which is not rendered");
      }
      if (hpa.path("spec").path("minReplicas").asInt(1)
          > hpa.path("spec").path("maxReplicas").asInt()) {
        report.accept(Manifests.id(hpa) + " has minReplicas > maxReplicas");
      }
    }
    for (JsonNode workload : manifests.ofKind(SERVING.toArray(String[]::new))) {
      boolean several =
          workload.path("spec").path("replicas").asInt(1) > 1
              || autoscaled.contains(Manifests.id(workload));
      if (several
          && budgets.stream()
              .noneMatch(b ->
                  LabelSelector.matches(
                      b.path("spec").path("selector"), templateLabels(workload)))) {
        report.accept(
            Manifests.id(workload) + " runs several replicas but no PodDisruptionBudget covers it");
      }
    }
    for (JsonNode binding : manifests.ofKind("RoleBinding")) {
      JsonNode ref = binding.path("roleRef");
      if (manifests.find(ref.path("kind").asText(), ref.path("name").asText()).isEmpty()) {
        report.accept(
            Manifests.id(binding) + " binds " + ref.path("name").asText() + ", not rendered");
      }
      for (JsonNode subject : binding.path("subjects")) {
        if (subject.path("kind").asText().equals("ServiceAccount")
            && manifests.find("ServiceAccount", subject.path("name").asText()).isEmpty()) {
          report.accept(
              Manifests.id(binding)
                  + " names ServiceAccount "
                  + subject.path("name").asText()
                  + ", not rendered");
        }
      }
    }
    return violations;
  }

  private static void checkWorkload(
      Manifests manifests, JsonNode workload, External external, Consumer<String> report) {
    String id = Manifests.id(workload);
    boolean serving = SERVING.contains(workload.path("kind").asText());
    JsonNode spec = workload.path("spec");
    JsonNode pod = spec.path("template").path("spec");
    Map<String, String> labels = templateLabels(workload);
    JsonNode selector = spec.path("selector");
    if (serving) {
      if (selector.isMissingNode() || selector.isEmpty()) {
        report.accept(id + " has no selector");
      } else if (!LabelSelector.matches(selector, labels)) {
        report.accept(id + "'s selector " + selector + " does not match its pod labels " + labels);
      }
    } else if (!selector.isMissingNode() && !LabelSelector.matches(selector, labels)) {
      report.accept(id + "'s selector does not match its pod labels");
    }
    String serviceAccount = pod.path("serviceAccountName").asText("");
    if (!serviceAccount.isEmpty() && manifests.find("ServiceAccount", serviceAccount).isEmpty()) {
      report.accept(id + " runs as ServiceAccount " + serviceAccount + ", which is not rendered");
    }
    for (String list : List.of("initContainers", "containers")) {
      for (JsonNode container : pod.path(list)) {
        String where = id + " container " + container.path("name").asText();
        checkResources(container, where, report);
        checkImage(container.path("image").asText(""), where, report);
        if (serving && list.equals("containers")) {
          for (String probe : List.of("livenessProbe", "readinessProbe")) {
            if (container.path(probe).isMissingNode()) {
              report.accept(where + " has no " + probe);
            }
          }
        }
        for (JsonNode env : container.path("env")) {
          JsonNode secretRef = env.path("valueFrom").path("secretKeyRef");
          if (!secretRef.isMissingNode()) {
            checkReference(
                external.secrets(),
                "Secret",
                secretRef.path("name").asText(),
                secretRef.path("key").asText(),
                where,
                report);
          }
          JsonNode configRef = env.path("valueFrom").path("configMapKeyRef");
          if (!configRef.isMissingNode()) {
            checkConfigMap(
                manifests,
                external,
                configRef.path("name").asText(),
                List.of(configRef.path("key").asText()),
                where,
                report);
          }
        }
        for (JsonNode from : container.path("envFrom")) {
          if (!from.path("secretRef").isMissingNode()) {
            String name = from.path("secretRef").path("name").asText();
            if (!external.secrets().containsKey(name)) {
              report.accept(where + " takes env from Secret " + name + ", which is not documented");
            }
          }
        }
      }
    }
    for (JsonNode volume : pod.path("volumes")) {
      String where = id + " volume " + volume.path("name").asText();
      JsonNode secret = volume.path("secret");
      if (!secret.isMissingNode()) {
        String name = secret.path("secretName").asText();
        List<String> keys = itemKeys(secret);
        if (keys.isEmpty()) {
          checkReference(external.secrets(), "Secret", name, null, where, report);
        }
        for (String key : keys) {
          checkReference(external.secrets(), "Secret", name, key, where, report);
        }
      }
      JsonNode configMap = volume.path("configMap");
      if (!configMap.isMissingNode()) {
        checkConfigMap(
            manifests,
            external,
            configMap.path("name").asText(),
            itemKeys(configMap),
            where,
            report);
      }
    }
  }

  private static List<String> itemKeys(JsonNode source) {
    List<String> keys = new ArrayList<>();
    source.path("items").forEach(item -> keys.add(item.path("key").asText()));
    return keys;
  }

  private static void checkReference(
      Map<String, List<String>> documented,
      String kind,
      String name,
      String key,
      String where,
      Consumer<String> report) {
    List<String> keys = documented.get(name);
    if (keys == null) {
      report.accept(where + " references " + kind + " " + name + ", which is not documented");
    } else if (key != null && !keys.contains(key)) {
      report.accept(
          where + " references key " + key + " of " + kind + " " + name + ", which has " + keys);
    }
  }

  private static void checkConfigMap(
      Manifests manifests,
      External external,
      String name,
      List<String> keys,
      String where,
      Consumer<String> report) {
    var rendered = manifests.find("ConfigMap", name);
    if (rendered.isPresent()) {
      for (String key : keys) {
        if (!rendered.get().path("data").has(key)) {
          report.accept(where + " references key " + key + " of ConfigMap " + name + ": absent");
        }
      }
      return;
    }
    if (!external.configMaps().containsKey(name)) {
      report.accept(where + " references ConfigMap " + name + ", neither rendered nor documented");
      return;
    }
    for (String key : keys) {
      checkReference(external.configMaps(), "ConfigMap", name, key, where, report);
    }
  }

  private static void checkResources(JsonNode container, String where, Consumer<String> report) {
    JsonNode resources = container.path("resources");
    for (String kind : List.of("requests", "limits")) {
      for (String resource : List.of("cpu", "memory")) {
        if (resources.path(kind).path(resource).asText("").isEmpty()) {
          report.accept(where + " has no " + resource + " in resources." + kind);
        }
      }
    }
  }

  /** An image is pinned by a digest, or by a tag that is not {@code latest}. */
  static void checkImage(String image, String where, Consumer<String> report) {
    if (image.isEmpty()) {
      report.accept(where + " has no image");
      return;
    }
    if (image.contains("@")) {
      if (!DIGEST.matcher(image).matches()) {
        report.accept(where + " image " + image + " has a malformed digest");
      }
      return;
    }
    int slash = image.lastIndexOf('/');
    int colon = image.lastIndexOf(':');
    if (colon <= slash) {
      report.accept(where + " image " + image + " has no tag (that means latest)");
    } else if (image.substring(colon + 1).equals("latest")) {
      report.accept(where + " image " + image + " uses the tag latest");
    }
  }

  public static Map<String, String> templateLabels(JsonNode workload) {
    return LabelSelector.labels(
        workload.path("spec").path("template").path("metadata").path("labels"));
  }
}

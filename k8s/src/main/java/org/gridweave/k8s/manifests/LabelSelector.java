package org.gridweave.k8s.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Kubernetes label selector semantics: matchLabels and matchExpressions, all must hold. */
public final class LabelSelector {
  private LabelSelector() {}

  /** Whether {@code selector} (a LabelSelector object; empty or missing = everything) matches. */
  public static boolean matches(JsonNode selector, Map<String, String> labels) {
    if (selector == null || selector.isMissingNode() || selector.isNull()) {
      return true;
    }
    var matchLabels = selector.path("matchLabels").fields();
    while (matchLabels.hasNext()) {
      var entry = matchLabels.next();
      if (!entry.getValue().asText().equals(labels.get(entry.getKey()))) {
        return false;
      }
    }
    for (JsonNode expression : selector.path("matchExpressions")) {
      String key = expression.path("key").asText();
      Set<String> values = new HashSet<>();
      expression.path("values").forEach(v -> values.add(v.asText()));
      boolean has = labels.containsKey(key);
      boolean holds =
          switch (expression.path("operator").asText()) {
            case "In" -> has && values.contains(labels.get(key));
            case "NotIn" -> !has || !values.contains(labels.get(key));
            case "Exists" -> has;
            case "DoesNotExist" -> !has;
            default ->
                throw new IllegalArgumentException(
                    "unknown selector operator " + expression.path("operator"));
          };
      if (!holds) {
        return false;
      }
    }
    return true;
  }

  /** A plain {@code key: value} selector (Service.spec.selector). */
  public static boolean matchesMap(JsonNode selector, Map<String, String> labels) {
    var fields = selector.fields();
    while (fields.hasNext()) {
      var entry = fields.next();
      if (!entry.getValue().asText().equals(labels.get(entry.getKey()))) {
        return false;
      }
    }
    return true;
  }

  public static Map<String, String> labels(JsonNode labelsNode) {
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    labelsNode.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
    return labels;
  }
}

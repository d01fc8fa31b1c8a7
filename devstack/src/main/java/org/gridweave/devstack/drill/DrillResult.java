package org.gridweave.devstack.drill;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * One drill's outcome, printed as one JSON line: {@code drill}, {@code lost}, {@code duplicated},
 * {@code recovered_s} (null when it did not recover in time), then the details.
 */
public record DrillResult(
    String drill,
    long lost,
    long duplicated,
    Optional<Double> recoveredSeconds,
    Map<String, Object> details) {

  public DrillResult {
    details = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public boolean clean() {
    return lost == 0 && duplicated == 0 && recoveredSeconds.isPresent();
  }

  public String json() {
    Map<String, Object> all = new LinkedHashMap<>();
    all.put("drill", drill);
    all.put("lost", lost);
    all.put("duplicated", duplicated);
    all.put("recovered_s", recoveredSeconds.map(s -> (Object) round(s)).orElse(null));
    details.forEach(all::putIfAbsent);
    StringBuilder out = new StringBuilder("{");
    all.forEach((k, v) -> {
      if (out.length() > 1) {
        out.append(',');
      }
      out.append(quote(k)).append(':').append(value(v));
    });
    return out.append('}').toString();
  }

  private static double round(double seconds) {
    return Math.round(seconds * 100) / 100.0;
  }

  private static String value(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Double d) {
      return Double.isFinite(d) ? String.format(Locale.ROOT, "%s", round(d)) : "null";
    }
    if (v instanceof Number || v instanceof Boolean) {
      return v.toString();
    }
    return quote(v.toString());
  }

  static String quote(String s) {
    StringBuilder out = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}

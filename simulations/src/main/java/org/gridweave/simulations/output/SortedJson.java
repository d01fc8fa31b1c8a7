package org.gridweave.simulations.output;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a tree of maps, strings and numbers as JSON with sorted keys, two-space indentation and
 * every non-integer number with exactly six decimals ({@code -0} written as {@code 0}), so that the
 * same results always give the same bytes. NaN and infinities are written as {@code null}.
 */
public final class SortedJson {
  private SortedJson() {}

  public static String write(Map<String, ?> tree) {
    StringBuilder sb = new StringBuilder();
    value(sb, tree, 0);
    return sb.append('\n').toString();
  }

  private static void value(StringBuilder sb, Object v, int indent) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof Map<?, ?> m) {
      Map<String, Object> sorted = new TreeMap<>();
      m.forEach((k, x) -> sorted.put(String.valueOf(k), x));
      if (sorted.isEmpty()) {
        sb.append("{}");
        return;
      }
      sb.append("{\n");
      int i = 0;
      for (var e : sorted.entrySet()) {
        sb.append("  ".repeat(indent + 1));
        string(sb, e.getKey());
        sb.append(": ");
        value(sb, e.getValue(), indent + 1);
        sb.append(++i < sorted.size() ? ",\n" : "\n");
      }
      sb.append("  ".repeat(indent)).append('}');
    } else if (v instanceof Double || v instanceof Float) {
      sb.append(decimal(((Number) v).doubleValue()));
    } else if (v instanceof Number n) {
      sb.append(n.longValue());
    } else if (v instanceof Boolean b) {
      sb.append(b);
    } else {
      string(sb, v.toString());
    }
  }

  public static String decimal(double d) {
    if (!Double.isFinite(d)) {
      return "null";
    }
    String s = String.format(Locale.ROOT, "%.6f", d);
    return s.equals("-0.000000") ? "0.000000" : s;
  }

  private static void string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    sb.append('"');
  }
}

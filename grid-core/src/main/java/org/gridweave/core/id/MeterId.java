package org.gridweave.core.id;

/** The id of a meter; safe to use as an MQTT topic level. */
public record MeterId(String value) implements Comparable<MeterId> {
  public MeterId {
    Identifier.require(value, "meter");
  }

  public static MeterId of(String value) {
    return new MeterId(value);
  }

  public static boolean isValid(String value) {
    return Identifier.isValid(value);
  }

  @Override
  public int compareTo(MeterId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

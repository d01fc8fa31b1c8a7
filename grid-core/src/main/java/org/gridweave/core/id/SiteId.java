package org.gridweave.core.id;

/** The id of a site; safe to use as an MQTT topic level. */
public record SiteId(String value) implements Comparable<SiteId> {
  public SiteId {
    Identifier.require(value, "site");
  }

  public static SiteId of(String value) {
    return new SiteId(value);
  }

  public static boolean isValid(String value) {
    return Identifier.isValid(value);
  }

  @Override
  public int compareTo(SiteId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

package org.gridweave.core.id;

/** The id of a feeder; safe to use as an MQTT topic level. */
public record FeederId(String value) implements Comparable<FeederId> {
  public FeederId {
    Identifier.require(value, "feeder");
  }

  public static FeederId of(String value) {
    return new FeederId(value);
  }

  public static boolean isValid(String value) {
    return Identifier.isValid(value);
  }

  @Override
  public int compareTo(FeederId o) {
    return value.compareTo(o.value);
  }

  @Override
  public String toString() {
    return value;
  }
}

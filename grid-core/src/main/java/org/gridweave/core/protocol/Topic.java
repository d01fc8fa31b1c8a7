package org.gridweave.core.protocol;

import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/**
 * A per-meter MQTT topic of protocol v1: {@code gridweave/v1/{site}/{meter}/{kind}}.
 *
 * @param site the site id (topic level 3)
 * @param meter the meter id (topic level 4)
 * @param kind what flows on the topic
 */
public record Topic(SiteId site, MeterId meter, Kind kind) {
  public static final String ROOT = "gridweave/v1";

  /** The per-meter topic kinds. */
  public enum Kind {
    /** Live readings from the meter (QoS 1). */
    TELEMETRY("telemetry"),
    /** Readings sent late from the meter's spool (QoS 1), kept apart from live data. */
    BACKFILL("backfill"),
    /** online/offline, retained; the meter's last will says offline. */
    STATE("state"),
    /** Setpoints to the meter. */
    CMD("cmd"),
    /** The meter's answer to a command. */
    ACK("ack"),
    /** The gateway's reason for refusing a message of this meter. */
    REJECTED("rejected"),
    /** A signed market order (place or cancel) from the prosumer's meter. */
    ORDER("order");

    private final String level;

    Kind(String level) {
      this.level = level;
    }

    public String level() {
      return level;
    }

    static Kind byLevel(String level) {
      for (Kind k : values()) {
        if (k.level.equals(level)) {
          return k;
        }
      }
      return null;
    }

    /** The filter matching this kind for every site and meter. */
    public String filterForAll() {
      return ROOT + "/+/+/" + level;
    }

    /** A shared-subscription filter so a group of consumers splits the messages between them. */
    public String sharedFilter(String group) {
      return "$share/" + group + "/" + filterForAll();
    }
  }

  public Topic {
    if (site == null || meter == null || kind == null) {
      throw new IllegalArgumentException("site, meter and kind are required");
    }
  }

  public static Topic of(SiteId site, MeterId meter, Kind kind) {
    return new Topic(site, meter, kind);
  }

  /** Parses a concrete topic name; throws {@link ProtocolException} with INVALID_TOPIC. */
  public static Topic parse(String name) throws ProtocolException {
    if (name == null) {
      throw new ProtocolException(RejectReason.INVALID_TOPIC, "topic is missing");
    }
    String[] levels = name.split("/", -1);
    if (levels.length != 5 || !levels[0].equals("gridweave") || !levels[1].equals("v1")) {
      throw new ProtocolException(
          RejectReason.INVALID_TOPIC,
          "topic '" + name + "' is not of the form gridweave/v1/{site}/{meter}/{kind}");
    }
    Kind kind = Kind.byLevel(levels[4]);
    if (kind == null) {
      throw new ProtocolException(
          RejectReason.INVALID_TOPIC, "topic '" + name + "' has unknown kind '" + levels[4] + "'");
    }
    if (!SiteId.isValid(levels[2]) || !MeterId.isValid(levels[3])) {
      throw new ProtocolException(
          RejectReason.INVALID_TOPIC, "topic '" + name + "' has an invalid site or meter id");
    }
    return new Topic(SiteId.of(levels[2]), MeterId.of(levels[3]), kind);
  }

  public Topic withKind(Kind other) {
    return new Topic(site, meter, other);
  }

  public String name() {
    return ROOT + "/" + site.value() + "/" + meter.value() + "/" + kind.level();
  }

  @Override
  public String toString() {
    return name();
  }
}

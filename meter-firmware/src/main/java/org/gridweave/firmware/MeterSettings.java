package org.gridweave.firmware;

import java.time.Duration;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/**
 * How a meter runs.
 *
 * @param meter the meter's id
 * @param site the site it measures
 * @param firmware the firmware version written into every message
 * @param samplePeriod how often the driver is read
 * @param messagePeriod how often the samples read so far become one message
 * @param backfillWindow how many backfill messages may await the broker's acknowledgement at once
 * @param pumpPeriod how often backfill is topped up to the window
 * @param fsync whether spool appends and state files are forced to disk
 */
public record MeterSettings(
    MeterId meter,
    SiteId site,
    String firmware,
    Duration samplePeriod,
    Duration messagePeriod,
    int backfillWindow,
    Duration pumpPeriod,
    boolean fsync) {

  public static final String FIRMWARE_VERSION = "gridweave-fw/0.1.0";

  public MeterSettings {
    if (meter == null || site == null) {
      throw new IllegalArgumentException("meter and site are required");
    }
    requirePositive(samplePeriod, "sample period");
    requirePositive(messagePeriod, "message period");
    requirePositive(pumpPeriod, "pump period");
    if (messagePeriod.compareTo(samplePeriod) < 0) {
      throw new IllegalArgumentException(
          "message period " + messagePeriod + " is shorter than the sample period " + samplePeriod);
    }
    if (backfillWindow < 1) {
      throw new IllegalArgumentException(
          "backfill window must be at least 1, was " + backfillWindow);
    }
    firmware = firmware == null ? FIRMWARE_VERSION : firmware;
  }

  /** 1 s samples, 5 s messages, 64 messages of backfill in flight, fsync on. */
  public static MeterSettings defaults(MeterId meter, SiteId site) {
    return new MeterSettings(
        meter,
        site,
        FIRMWARE_VERSION,
        Duration.ofSeconds(1),
        Duration.ofSeconds(5),
        64,
        Duration.ofMillis(100),
        true);
  }

  public MeterSettings withPeriods(Duration sample, Duration message) {
    return new MeterSettings(
        meter, site, firmware, sample, message, backfillWindow, pumpPeriod, fsync);
  }

  public MeterSettings withBackfillWindow(int window) {
    return new MeterSettings(
        meter, site, firmware, samplePeriod, messagePeriod, window, pumpPeriod, fsync);
  }

  public MeterSettings withFsync(boolean on) {
    return new MeterSettings(
        meter, site, firmware, samplePeriod, messagePeriod, backfillWindow, pumpPeriod, on);
  }

  private static void requirePositive(Duration d, String what) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, was " + d);
    }
  }
}

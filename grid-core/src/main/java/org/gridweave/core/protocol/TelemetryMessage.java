package org.gridweave.core.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.crypto.MeterPublicKey;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/**
 * One telemetry message of protocol v1: consecutive samples of one meter, the meter's message
 * sequence number (unique per meter, increasing, surviving restarts), the firmware version and an
 * Ed25519 signature over {@link #canonicalBytes()}.
 *
 * <p>The canonical encoding is binary and independent of JSON formatting, so any JSON encoder
 * yields the same signed bytes; docs/protocol.md specifies it byte by byte.
 */
public record TelemetryMessage(
    MeterId meter,
    SiteId site,
    long sequence,
    String firmware,
    List<Sample> samples,
    byte[] signature) {

  public static final int MAX_SAMPLES = 90;
  public static final int MAX_FIRMWARE_LENGTH = 64;
  private static final byte[] MAGIC = {'G', 'W', 'T', 1, 0};

  public TelemetryMessage {
    if (meter == null || site == null) {
      throw new IllegalArgumentException("meter and site are required");
    }
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
    }
    if (firmware == null || firmware.isEmpty() || firmware.length() > MAX_FIRMWARE_LENGTH) {
      throw new IllegalArgumentException("firmware version must have 1-64 characters");
    }
    samples = List.copyOf(samples);
    if (samples.isEmpty() || samples.size() > MAX_SAMPLES) {
      throw new IllegalArgumentException(
          "a message carries 1-" + MAX_SAMPLES + " samples, not " + samples.size());
    }
    for (int i = 1; i < samples.size(); i++) {
      if (!samples.get(i).time().isAfter(samples.get(i - 1).time())) {
        throw new IllegalArgumentException("sample times must be strictly increasing");
      }
    }
    signature = signature == null ? null : signature.clone();
  }

  /** An unsigned message; call {@link #signedWith(MeterKeyPair)} before sending. */
  public static TelemetryMessage unsigned(
      MeterId meter, SiteId site, long sequence, String firmware, List<Sample> samples) {
    return new TelemetryMessage(meter, site, sequence, firmware, samples, null);
  }

  public TelemetryMessage signedWith(MeterKeyPair key) {
    return new TelemetryMessage(
        meter, site, sequence, firmware, samples, key.sign(canonicalBytes()));
  }

  public boolean isSignedBy(MeterPublicKey key) {
    return signature != null && key.verifies(canonicalBytes(), signature);
  }

  @Override
  public byte[] signature() {
    return signature == null ? null : signature.clone();
  }

  /** The bytes the signature covers; see docs/protocol.md, "Canonical encoding". */
  public byte[] canonicalBytes() {
    byte[] meterBytes = meter.value().getBytes(StandardCharsets.UTF_8);
    byte[] siteBytes = site.value().getBytes(StandardCharsets.UTF_8);
    byte[] fwBytes = firmware.getBytes(StandardCharsets.UTF_8);
    int size = MAGIC.length + 3 + meterBytes.length + siteBytes.length + fwBytes.length + 8 + 2;
    for (Sample s : samples) {
      size += 8 + 2 + 8 * s.measurements().size();
    }
    ByteBuffer buf = ByteBuffer.allocate(size);
    buf.put(MAGIC);
    buf.put((byte) meterBytes.length).put(meterBytes);
    buf.put((byte) siteBytes.length).put(siteBytes);
    buf.putLong(sequence);
    buf.put((byte) fwBytes.length).put(fwBytes);
    buf.putShort((short) samples.size());
    Measurement[] all = Measurement.all();
    for (Sample s : samples) {
      buf.putLong(s.time().toEpochMilli());
      int mask = 0;
      for (Measurement m : all) {
        if (s.has(m)) {
          mask |= 1 << m.ordinal();
        }
      }
      buf.putShort((short) mask);
      for (Measurement m : all) {
        if (s.has(m)) {
          buf.putDouble(s.value(m));
        }
      }
    }
    return buf.array();
  }

  public Sample first() {
    return samples.get(0);
  }

  public Sample last() {
    return samples.get(samples.size() - 1);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TelemetryMessage m
        && meter.equals(m.meter)
        && site.equals(m.site)
        && sequence == m.sequence
        && firmware.equals(m.firmware)
        && samples.equals(m.samples)
        && Arrays.equals(signature, m.signature);
  }

  @Override
  public int hashCode() {
    return meter.hashCode() * 31 + Long.hashCode(sequence);
  }

  @Override
  public String toString() {
    return "TelemetryMessage[" + meter + "#" + sequence + ", " + samples.size() + " samples]";
  }
}

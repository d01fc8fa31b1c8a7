package org.gridweave.firmware.site;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A recorded power profile at a fixed step: grid import, grid export and (optionally) PV power in
 * W, each value the average over its step. Replays wrap around at the end and align to the time of
 * year, so a replay in June plays the recorded June.
 */
public final class ReplayProfile {
  private final String source;
  private final Instant start;
  private final Duration step;
  private final double[] importW;
  private final double[] exportW;
  private final double[] pvW;

  ReplayProfile(
      String source,
      Instant start,
      Duration step,
      double[] importW,
      double[] exportW,
      double[] pvW) {
    if (importW.length < 2 || exportW.length != importW.length) {
      throw new IllegalArgumentException(source + ": a profile needs at least two steps");
    }
    if (pvW != null && pvW.length != importW.length) {
      throw new IllegalArgumentException(source + ": PV series has a different length");
    }
    this.source = source;
    this.start = start;
    this.step = step;
    this.importW = importW;
    this.exportW = exportW;
    this.pvW = pvW;
  }

  public String source() {
    return source;
  }

  public Instant start() {
    return start;
  }

  public Duration step() {
    return step;
  }

  public int steps() {
    return importW.length;
  }

  public Duration span() {
    return step.multipliedBy(importW.length);
  }

  public boolean hasPv() {
    return pvW != null;
  }

  public double maxImportW() {
    return max(importW);
  }

  public double maxExportW() {
    return max(exportW);
  }

  public double maxPvW() {
    return pvW == null ? 0 : max(pvW);
  }

  /** Average import power over step {@code i} (no wrap-around). */
  public double importAt(int i) {
    return importW[i];
  }

  /** Where {@code time} falls in the profile, in seconds from its start: same time of year. */
  public double positionSeconds(Instant time) {
    ZonedDateTime t = time.atZone(ZoneOffset.UTC);
    ZonedDateTime s = start.atZone(ZoneOffset.UTC);
    ZonedDateTime mapped = t.withYear(s.getYear());
    if (mapped.isBefore(s)) {
      mapped = mapped.plusYears(1);
    }
    double seconds = Duration.between(s, mapped).toMillis() / 1000.0;
    double span = span().toSeconds();
    return ((seconds % span) + span) % span;
  }

  /** Powers at a position, interpolated linearly between the middles of neighbouring steps. */
  Powers at(double positionSeconds) {
    double q = positionSeconds / step.toSeconds() - 0.5;
    int n = importW.length;
    int i = (int) Math.floor(q);
    double frac = q - i;
    int a = Math.floorMod(i, n);
    int b = Math.floorMod(i + 1, n);
    return new Powers(
        lerp(importW[a], importW[b], frac),
        lerp(exportW[a], exportW[b], frac),
        pvW == null ? 0 : lerp(pvW[a], pvW[b], frac));
  }

  record Powers(double importW, double exportW, double pvW) {}

  private static double lerp(double x, double y, double frac) {
    return x + (y - x) * frac;
  }

  private static double max(double[] values) {
    double m = 0;
    for (double v : values) {
      m = Math.max(m, v);
    }
    return m;
  }

  @Override
  public String toString() {
    return "ReplayProfile[" + source + ", " + steps() + " x " + step + " from " + start + "]";
  }
}

package org.gridweave.controller.me;

import java.time.Duration;
import java.time.Instant;

/**
 * One forecast target's newest P10/P50/P90 energy per step (Wh), from {@code first} on.
 *
 * @param issuedAt when the forecast was made
 */
public record Quantiles(
    Instant issuedAt, Instant first, Duration step, double[] p10, double[] p50, double[] p90) {
  public Quantiles {
    if (step.isZero() || step.isNegative()) {
      throw new IllegalArgumentException("step must be positive");
    }
    if (p10.length != p50.length || p50.length != p90.length) {
      throw new IllegalArgumentException("P10, P50 and P90 must have one value per step each");
    }
  }

  public int steps() {
    return p50.length;
  }

  public Instant end() {
    return first.plus(step.multipliedBy(steps()));
  }

  /** The step starting at {@code t}, or -1 when the forecast does not cover it. */
  int indexOf(Instant t) {
    long offset = t.getEpochSecond() - first.getEpochSecond();
    if (offset < 0 || offset % step.toSeconds() != 0) {
      return -1;
    }
    long i = offset / step.toSeconds();
    return i < steps() ? (int) i : -1;
  }
}

package org.gridweave.simulations.engine;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A progress line with an ETA on stderr, redrawn at most every two seconds (nothing for runs that
 * finish sooner).
 */
public final class Progress {
  private final PrintStream out;
  private final int prosumers;
  private final long startNanos = System.nanoTime();
  private long lastNanos = startNanos;
  private boolean printed;

  public Progress(PrintStream out, int prosumers) {
    this.out = out;
    this.prosumers = prosumers;
  }

  void update(long done, long total) {
    if ((done & 63) != 0 && done != total) {
      return;
    }
    long now = System.nanoTime();
    if (now - lastNanos < 2_000_000_000L && done != total) {
      return;
    }
    if (done == total && !printed) {
      return;
    }
    lastNanos = now;
    printed = true;
    double s = (now - startNanos) / 1e9;
    double rate = done * (double) prosumers / Math.max(s, 1e-9);
    double eta = (total - done) * prosumers / Math.max(rate, 1e-9);
    out.printf(
        Locale.ROOT,
        "\rsim: %5.1f %% (%d/%d steps) %,.0f prosumer-intervals/s, ETA %dm%02ds%s",
        100.0 * done / total,
        done,
        total,
        rate,
        (long) eta / 60,
        (long) eta % 60,
        done == total ? "\n" : "");
    out.flush();
  }
}

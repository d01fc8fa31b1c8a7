package org.gridweave.forecasting.service.history;

import java.util.ArrayList;
import java.util.List;

/**
 * Turns per-step sums over meters and gateway intervals into a target's series. A step needs {@code
 * meters x intervalsPerStep} values to be complete; with at least {@code minCoverage} of them it is
 * kept and scaled up to complete (the missing meters are assumed to behave like the reporting
 * ones), below that it is left out (a gap the engine skips, not a zero).
 */
public final class StepAggregation {
  private final int intervalsPerStep;
  private final double minCoverage;

  public StepAggregation(int intervalsPerStep, double minCoverage) {
    if (intervalsPerStep < 1) {
      throw new IllegalArgumentException("intervalsPerStep must be at least 1");
    }
    if (!(minCoverage > 0 && minCoverage <= 1)) {
      throw new IllegalArgumentException("minCoverage must be in (0, 1], not " + minCoverage);
    }
    this.intervalsPerStep = intervalsPerStep;
    this.minCoverage = minCoverage;
  }

  public List<HistoryPoint> series(List<StepSum> sums) {
    List<HistoryPoint> out = new ArrayList<>(sums.size());
    for (StepSum s : sums) {
      long expected = (long) Math.max(s.meters(), 1) * intervalsPerStep;
      if (s.reported() <= 0 || Double.isNaN(s.sumWattHours())) {
        continue;
      }
      double coverage = Math.min(1.0, (double) s.reported() / expected);
      if (coverage + 1e-12 < minCoverage) {
        continue;
      }
      out.add(new HistoryPoint(s.start(), s.sumWattHours() * expected / s.reported()));
    }
    return out;
  }
}

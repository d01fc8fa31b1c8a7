package org.gridweave.controller.dispatch;

import java.time.Instant;
import java.util.List;
import org.gridweave.core.time.Interval;

/**
 * The outcome of one dispatch cycle: what every site does in {@code interval}, why, and how the
 * plan was made.
 *
 * @param mode {@code OPTIMAL}: the optimiser's plan keeps every limit; {@code DEGRADED}: the
 *     optimiser's plan, but some limit cannot be kept by any plan ({@code reason} says which);
 *     {@code FALLBACK}: the rule-based controller decided ({@code reason} says why)
 * @param costOverHorizon the plan's cost over the horizon (see {@link PlanChecker#cost})
 * @param limitExcessKw the largest excess over any limit in the plan (0 when all are kept)
 * @param bindings the constraints that shape the plan, step-0 ones first
 */
public record Decision(
    Interval interval,
    Mode mode,
    String reason,
    Instant decidedAt,
    double costOverHorizon,
    double limitExcessKw,
    long solveMillis,
    List<Binding> bindings,
    List<SiteDecision> sites) {

  public enum Mode {
    OPTIMAL,
    DEGRADED,
    FALLBACK
  }

  public Decision {
    bindings = List.copyOf(bindings);
    sites = List.copyOf(sites);
  }
}

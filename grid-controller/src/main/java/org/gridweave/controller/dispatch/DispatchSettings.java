package org.gridweave.controller.dispatch;

import java.time.Duration;

/**
 * How the dispatch weighs things. Money is in the tariff's currency.
 *
 * @param step the interval length (15 min by default)
 * @param horizonSteps how many intervals each plan covers (96 = 24 h of 15 min)
 * @param curtailmentPenaltyPerKwh charged per kWh of PV curtailed, on top of the lost revenue
 * @param batteryWearPerKwh charged per kWh charged plus discharged
 * @param unservedFlexPenaltyPerKwh charged per kWh a flexible load does not get within its window
 * @param limitViolationPenaltyPerKwh charged per kWh above a connection, feeder or transformer
 *     limit; only paid when no plan can keep the limit (the decision is then "degraded")
 * @param demandQuantile feeder and transformer limits hold with demand at this quantile (0.9)
 * @param generationQuantile ... and generation at this quantile (0.1)
 * @param threads feeders solved in parallel
 * @param solverTimeLimit after this the cycle gives up on the optimiser and falls back
 */
public record DispatchSettings(
    Duration step,
    int horizonSteps,
    double curtailmentPenaltyPerKwh,
    double batteryWearPerKwh,
    double unservedFlexPenaltyPerKwh,
    double limitViolationPenaltyPerKwh,
    double demandQuantile,
    double generationQuantile,
    int threads,
    Duration solverTimeLimit) {

  public DispatchSettings {
    if (step == null || step.isNegative() || step.isZero() || step.toMinutes() > 60) {
      throw new IllegalArgumentException("step must be within (0, 60 min], was " + step);
    }
    if (horizonSteps < 1 || horizonSteps > 7 * 24 * 4) {
      throw new IllegalArgumentException("horizon must be 1..672 steps, was " + horizonSteps);
    }
    for (double p :
        new double[] {
          curtailmentPenaltyPerKwh,
          batteryWearPerKwh,
          unservedFlexPenaltyPerKwh,
          limitViolationPenaltyPerKwh
        }) {
      if (!(p >= 0 && p < 1e6)) {
        throw new IllegalArgumentException("penalties must be finite and ≥ 0, was " + p);
      }
    }
    if (!(demandQuantile >= 0.5 && demandQuantile < 1)) {
      throw new IllegalArgumentException(
          "demand quantile must be in [0.5, 1), was " + demandQuantile);
    }
    if (!(generationQuantile > 0 && generationQuantile <= 0.5)) {
      throw new IllegalArgumentException(
          "generation quantile must be in (0, 0.5], was " + generationQuantile);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be ≥ 1, was " + threads);
    }
    if (solverTimeLimit == null || solverTimeLimit.isNegative() || solverTimeLimit.isZero()) {
      throw new IllegalArgumentException("the solver time limit must be positive");
    }
  }

  public static DispatchSettings defaults() {
    return new DispatchSettings(
        Duration.ofMinutes(15),
        96,
        0.02,
        0.01,
        5.0,
        50.0,
        0.9,
        0.1,
        Math.max(1, Runtime.getRuntime().availableProcessors()),
        Duration.ofSeconds(60));
  }

  public DispatchSettings withHorizon(int steps) {
    return new DispatchSettings(
        step,
        steps,
        curtailmentPenaltyPerKwh,
        batteryWearPerKwh,
        unservedFlexPenaltyPerKwh,
        limitViolationPenaltyPerKwh,
        demandQuantile,
        generationQuantile,
        threads,
        solverTimeLimit);
  }

  public DispatchSettings withThreads(int n) {
    return new DispatchSettings(
        step,
        horizonSteps,
        curtailmentPenaltyPerKwh,
        batteryWearPerKwh,
        unservedFlexPenaltyPerKwh,
        limitViolationPenaltyPerKwh,
        demandQuantile,
        generationQuantile,
        n,
        solverTimeLimit);
  }

  public DispatchSettings withSolverTimeLimit(Duration limit) {
    return new DispatchSettings(
        step,
        horizonSteps,
        curtailmentPenaltyPerKwh,
        batteryWearPerKwh,
        unservedFlexPenaltyPerKwh,
        limitViolationPenaltyPerKwh,
        demandQuantile,
        generationQuantile,
        threads,
        limit);
  }

  public double stepHours() {
    return step.toSeconds() / 3600.0;
  }
}

package org.gridweave.simulations.scenario;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.gridweave.controller.tariff.Tariff;

/**
 * A validated scenario: everything one run needs, in units (kW, kWh, currency per kWh). Built by
 * {@link ScenarioFile}; every value here has passed the JSON Schema and the checks the schema
 * cannot express (end after start, a step that divides a day, min ≤ max).
 *
 * @param stepsPerDay how many steps make one day (the step divides a day exactly)
 */
public record Scenario(
    String name,
    long seed,
    Instant start,
    Instant end,
    Duration step,
    double latitude,
    double longitude,
    ZoneId zone,
    double transformerLimitKw,
    double importLimitKw,
    double exportLimitKw,
    List<FeederSpec> feeders,
    Population population,
    DemandSource demand,
    double cloudiness,
    double windSpeedMeanMs,
    Tariff tariff,
    Mechanism market,
    double crossingFeePerKwh,
    double deliveryPenaltyPerKwh,
    Strategy dispatch,
    int horizonSteps,
    ForecastMode forecasting) {

  public Scenario {
    feeders = List.copyOf(feeders);
  }

  /** A feeder and how many prosumers hang on it. */
  public record FeederSpec(String id, double limitKw, int prosumers) {}

  /** A uniform distribution [min, max]. */
  public record Range(double min, double max) {
    public double draw(double u) {
      return min + (max - min) * u;
    }
  }

  /**
   * The asset mix: each prosumer gets PV, a battery and a small wind turbine with these
   * probabilities, sized uniformly within the ranges.
   */
  public record Population(
      Range demandKwhPerYear,
      double pvShare,
      Range pvKwp,
      double batteryShare,
      Range batteryKwh,
      double batteryCRate,
      double batteryRoundTripEfficiency,
      double windShare,
      Range windKw) {}

  public enum DemandSource {
    SYNTHETIC,
    LONDON
  }

  public enum Mechanism {
    NONE,
    PAY_AS_CLEAR,
    PAY_AS_BID
  }

  public enum Strategy {
    NONE,
    RULES,
    OPTIMISER
  }

  public enum ForecastMode {
    PERFECT,
    NAIVE
  }

  public int prosumers() {
    return feeders.stream().mapToInt(FeederSpec::prosumers).sum();
  }

  public int stepsPerDay() {
    return (int) (Duration.ofDays(1).toSeconds() / step.toSeconds());
  }

  public long steps() {
    return Duration.between(start, end).toSeconds() / step.toSeconds();
  }

  public double stepHours() {
    return step.toSeconds() / 3600.0;
  }

  public Scenario withSeed(long newSeed) {
    return new Scenario(
        name,
        newSeed,
        start,
        end,
        step,
        latitude,
        longitude,
        zone,
        transformerLimitKw,
        importLimitKw,
        exportLimitKw,
        feeders,
        population,
        demand,
        cloudiness,
        windSpeedMeanMs,
        tariff,
        market,
        crossingFeePerKwh,
        deliveryPenaltyPerKwh,
        dispatch,
        horizonSteps,
        forecasting);
  }
}

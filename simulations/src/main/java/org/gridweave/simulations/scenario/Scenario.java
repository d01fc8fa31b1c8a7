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
    ForecastMode forecasting,
    Tribuo tribuo,
    SettlementMode settlement,
    int maxDeltasPerPart,
    PvSource pvSource,
    WindSource windSource) {

  public Scenario {
    feeders = List.copyOf(feeders);
  }

  /**
   * How the {@code tribuo} forecasting mode trains (read whatever the mode, used only by it).
   *
   * @param retrainEvery training cadence; each training issues the forecasts up to the next one
   * @param historyDays the training window, days of simulated history
   * @param trees XGBoost trees per model
   * @param maxRows training rows kept
   * @param quantiles scored by pinball loss (ascending)
   */
  public record Tribuo(
      Duration retrainEvery, int historyDays, int trees, int maxRows, List<Double> quantiles) {
    public Tribuo {
      quantiles = List.copyOf(quantiles);
    }

    public static final Tribuo DEFAULTS =
        new Tribuo(Duration.ofDays(7), 28, 60, 10_000, List.of(0.1, 0.5, 0.9));
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
      Range windKw,
      Ev ev) {}

  /**
   * Electric vehicles: each prosumer has one with probability {@code share}; its charger power,
   * battery and daily energy are drawn from the ranges, its arrival and departure times (local, on
   * the step grid) from the two time ranges, once — the same window every day, as the controller's
   * {@code FlexibleLoad} is.
   */
  public record Ev(
      double share,
      Range batteryKwh,
      Range chargerKw,
      Range energyKwh,
      java.time.LocalTime arrivalFrom,
      java.time.LocalTime arrivalTo,
      java.time.LocalTime departureFrom,
      java.time.LocalTime departureTo) {}

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
    NAIVE,
    TRIBUO
  }

  public enum PvSource {
    SYNTHETIC,
    GEFCOM2014
  }

  public enum WindSource {
    SYNTHETIC,
    GEFCOM2012
  }

  public enum SettlementMode {
    OFF,
    DEV_CHAIN
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

  /** The steps the dispatch plans ahead (the optimiser's horizon, at most a day; rules: 1). */
  public int dispatchHorizonSteps() {
    return dispatch == Strategy.OPTIMISER ? Math.max(1, Math.min(horizonSteps, stepsPerDay())) : 1;
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
        forecasting,
        tribuo,
        settlement,
        maxDeltasPerPart,
        pvSource,
        windSource);
  }
}

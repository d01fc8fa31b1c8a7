package org.gridweave.forecasting.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/** Every GridWeave setting of the forecasting service (prefix {@code gridweave.forecasting}). */
@ConfigMapping(prefix = "gridweave.forecasting")
public interface ForecastingConfig {
  /** The gateway's interval roll-up length ({@code gridweave.gateway.interval}); divides a day. */
  @WithDefault("PT15M")
  Duration interval();

  /** How far ahead each trained model forecasts, from the end of the last complete interval. */
  @WithDefault("P2D")
  Duration horizon();

  /** How much interval history a training reads (older intervals are ignored). */
  @WithDefault("P56D")
  Duration history();

  /** The wall clock for calendar features (hour of day, weekday) of every target. */
  @WithDefault("UTC")
  ZoneId timeZone();

  /**
   * A feeder interval counts only when at least this share of the feeder's registered meters
   * reported it; its sum is then scaled up to all of them. Below it, the interval is missing.
   */
  @WithDefault("0.9")
  double feederMinCoverage();

  /** Quantiles served when a request names none. */
  @WithDefault("0.1,0.5,0.9")
  List<Double> defaultQuantiles();

  Retrain retrain();

  Engine engine();

  Mqtt mqtt();

  /** Scheduled retraining. */
  interface Retrain {
    /**
     * A Quarkus scheduler period ({@code 6h}, {@code PT6H}), or {@code off}. Read by the scheduler
     * as {@code gridweave.forecasting.retrain.every}.
     */
    @WithDefault("6h")
    String every();

    /** Delay of the first scheduled retraining after start. */
    @WithDefault("1m")
    String firstAfter();

    /**
     * Targets retrained on the schedule; when empty, the demand of every feeder in the registry
     * plus every target that already has a model.
     */
    Optional<List<String>> targets();
  }

  /** Settings of the plain-Java {@code ForecastEngine}. */
  interface Engine {
    @WithDefault("60000")
    int maxRows();

    /** XGBoost threads; one leaves the other core to the HTTP and MQTT edges. */
    @WithDefault("1")
    int threads();

    @WithDefault("20260101")
    long seed();

    @WithDefault("xgboost,linear")
    List<String> candidates();

    @WithDefault("200")
    int xgboostTrees();
  }

  /** The forecast channel ({@code mp.messaging.outgoing.forecasts.*} holds the connection). */
  interface Mqtt {
    /** Topics are {@code {topicPrefix}/{target}} (see the module README). */
    @WithDefault("gridweave/v1/forecasts")
    String topicPrefix();

    /** Retained, so a controller that subscribes later gets the latest forecast at once. */
    @WithDefault("true")
    boolean retain();
  }
}

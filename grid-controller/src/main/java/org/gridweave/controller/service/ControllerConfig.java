package org.gridweave.controller.service;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every GridWeave setting of the controller service (prefix {@code gridweave.controller}). */
@ConfigMapping(prefix = "gridweave.controller")
public interface ControllerConfig {

  /** The dispatch interval: one plan step, one setpoint per site. */
  @WithDefault("PT15M")
  Duration interval();

  /** Steps per plan (96 × 15 min = 24 h). */
  @WithDefault("96")
  int horizonSteps();

  Cycle cycle();

  Dispatch dispatch();

  Mqtt mqtt();

  Alarms alarms();

  Tariff tariff();

  Market market();

  Settlement settlement();

  Console console();

  Leader leader();

  /**
   * Leader election (issue #9, ADR 0018): only the leader dispatches, clears the market, checks
   * deliveries, settles and raises the console's alarms; every instance serves the REST API and the
   * console. Environment variables: {@code GRIDWEAVE_CONTROLLER_LEADER_MODE} etc.
   */
  interface Leader {
    /** Where the lease lives. */
    enum Mode {
      /** A row of {@code controller.leader_lease} (the default; any number of machines). */
      DATABASE,
      /** A {@code coordination.k8s.io/v1} Lease in the pod's namespace. */
      KUBERNETES,
      /** No election: this instance always leads (one instance, or tests that want it). */
      OFF
    }

    @WithDefault("database")
    Mode mode();

    /** This instance's id, unique among the controllers (default: host name and process id). */
    Optional<String> instanceId();

    /** The lease's name (a Kubernetes object name: lower-case letters, digits, '-' and '.'). */
    @WithDefault("gridweave-controller")
    String leaseName();

    /** How long a lease lasts after each renewal (whole seconds). */
    @WithDefault("PT15S")
    Duration leaseDuration();

    /**
     * How often the leader renews and followers try to acquire; at most half the lease. The leader
     * stops acting {@code lease-duration − renew-every} after its last renewal attempt began.
     */
    @WithDefault("PT5S")
    Duration renewEvery();

    /** The Lease's namespace (kubernetes mode); default: the pod's own namespace. */
    Optional<String> namespace();
  }

  /** The web console and its access control (issue #7, docs/console-api.md). */
  interface Console {
    /**
     * Users created at start when their name does not exist yet: entries separated by {@code ;},
     * each {@code name:role:site:password} (role operator, viewer or prosumer; site empty unless
     * prosumer). Passwords are stored as bcrypt hashes only.
     */
    Optional<String> users();

    /** The chain's JSON-RPC URL as the browser reaches it (proofs are checked there). */
    Optional<String> chainRpcUrl();

    /** A meter with no reading for this long is shown stale and raises {@code meter_offline}. */
    @WithDefault("PT2M")
    Duration offlineAfter();

    /** How often the live view reads new telemetry. */
    @WithDefault("PT0.2S")
    Duration livePoll();

    /** Rejected telemetry messages per minute that raise {@code telemetry_rejections}. */
    @WithDefault("20")
    int rejectionBurst();

    /** A forecast older than this raises {@code forecast_stale}. */
    @WithDefault("PT3H")
    Duration forecastStaleAfter();

    /** How often the alarm watch looks at the live grid, meters, rejections and forecasts. */
    @WithDefault("PT10S")
    Duration watchEvery();

    /** bcrypt cost of new password hashes. */
    @WithDefault("11")
    int bcryptCost();

    /** Currency shown in the console. */
    @WithDefault("EUR")
    String currency();
  }

  /** On-chain settlement of delivered trades (issue #6, ADR 0013). */
  interface Settlement {
    /** Off by default: the service then never talks to a chain. */
    @WithDefault("false")
    boolean enabled();

    /**
     * The chain's JSON-RPC endpoint (an Anvil dev chain in the demo, a Besu node in production).
     */
    @WithDefault("http://127.0.0.1:8545")
    String rpcUrl();

    /** The operator account's private key (hex); it signs every settlement transaction. */
    Optional<String> operatorKey();

    /**
     * The deployed EnergySettlement contract; without one the controller deploys it once and
     * remembers the address in its database.
     */
    Optional<String> contractAddress();

    /**
     * Deploy a new contract when none is configured or remembered: for dev chains only — in
     * production the operators deploy it once and every node's plugin is configured with it.
     */
    @WithDefault("false")
    boolean deployIfMissing();

    /** Net deltas per transaction; a larger interval is split into parts. */
    @WithDefault("2000")
    int maxDeltasPerPart();

    /** How long one pass waits for a transaction's receipt before trying again next tick. */
    @WithDefault("PT30S")
    Duration receiptWait();

    /** Intervals built into the outbox per tick. */
    @WithDefault("8")
    int intervalsPerTick();
  }

  /** The P2P market (issue #5). */
  interface Market {
    @WithDefault("true")
    boolean enabled();

    @WithDefault("PAY_AS_CLEAR")
    org.gridweave.controller.market.MarketRules.Mechanism mechanism();

    /** Grid fee per kWh and feeder boundary crossed (a trade between two feeders pays twice). */
    @WithDefault("0.01")
    double crossingFeePerKwh();

    @WithDefault("-1.0")
    double minPricePerKwh();

    @WithDefault("2.0")
    double maxPricePerKwh();

    /** Orders for an interval are accepted until this long before it starts. */
    @WithDefault("PT5M")
    Duration gateClosure();

    /** Charged per kWh a seller did not deliver or a buyer did not take. */
    @WithDefault("0.05")
    double penaltyPerKwh();

    /** The delivery check runs this long after an interval ends (late readings arrive). */
    @WithDefault("PT2M")
    Duration deliveryDelay();

    Agents agents();
  }

  /** The default bidding agents of sites without their own strategy. */
  interface Agents {
    @WithDefault("true")
    boolean enabled();

    /** Agents start quoting an interval this long before its gate closes. */
    @WithDefault("PT1H")
    Duration opensBefore();

    /** ... and move their price this often. */
    @WithDefault("PT5M")
    Duration step();

    /** Sites that trade on their own (no agent). */
    Optional<java.util.List<String>> excludeSites();
  }

  /** A grid document (GridJson) stored at startup when the database has none (the demo's). */
  java.util.Optional<java.nio.file.Path> seedGrid();

  /** Prices used until a tariff is stored. */
  interface Tariff {
    @WithDefault("0.30")
    double defaultImportPerKwh();

    @WithDefault("0.08")
    double defaultExportPerKwh();
  }

  /** When the dispatch runs. */
  interface Cycle {
    /** Whether the scheduled cycle runs at all ({@code POST /dispatch/run} always works). */
    @WithDefault("true")
    boolean enabled();

    /** How often the scheduler looks at the clock (a new interval starts the cycle). */
    @WithDefault("10s")
    String tick();

    /** Re-plan the current interval this often as well (the demo's faster clock); default never. */
    Optional<Duration> replanEvery();

    /**
     * A site's forecast issued longer ago than this is stale: the site is planned on its latest
     * measurements (all stale: the rules decide). Above the forecaster's retrain period (6 h).
     */
    @WithDefault("PT12H")
    Duration maxForecastAge();
  }

  /** The optimiser's weights and limits (see DispatchSettings). */
  interface Dispatch {
    @WithDefault("0.02")
    double curtailmentPenaltyPerKwh();

    @WithDefault("0.01")
    double batteryWearPerKwh();

    @WithDefault("5.0")
    double unservedFlexPenaltyPerKwh();

    @WithDefault("50.0")
    double limitViolationPenaltyPerKwh();

    @WithDefault("0.9")
    double demandQuantile();

    @WithDefault("0.1")
    double generationQuantile();

    /** Feeders solved in parallel; default: the machine's cores. */
    Optional<Integer> threads();

    @WithDefault("PT30S")
    Duration solverTimeBudget();
  }

  interface Mqtt {
    @WithDefault("gridweave/v1")
    String topicPrefix();

    /** Commands expire this long after the end of their interval. */
    @WithDefault("PT5M")
    Duration commandGrace();
  }

  /** When a meter counts as not following its setpoint. */
  interface Alarms {
    /** Battery energy may differ from the setpoint's by this much per interval (kWh)... */
    @WithDefault("0.1")
    double batteryToleranceKwh();

    /** ... or by this share of it, whichever is larger. */
    @WithDefault("0.25")
    double batteryToleranceShare();
  }
}

package org.gridweave.devstack.demo;

import java.net.URI;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.gridweave.devstack.ControllerLauncher;
import org.gridweave.devstack.ForecastingLauncher;
import org.gridweave.devstack.GatewayLauncher;
import org.gridweave.devstack.Shared;
import org.gridweave.devstack.Stack;
import org.gridweave.devstack.chain.DevChainBridge;
import org.gridweave.devstack.chain.DevSettlementContract;
import org.gridweave.devstack.console.ConsoleUsers;
import org.gridweave.devstack.live.ScenarioSites;
import org.gridweave.devstack.process.ServiceProcess;
import org.gridweave.firmware.ProducedLog;
import org.gridweave.firmware.fleet.Fleet;
import org.gridweave.firmware.fleet.FleetOptions;
import org.gridweave.firmware.registration.GatewayRegistry;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.localinfra.database.EmbeddedPostgres;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gridweave demo}: a Mosquitto broker, an embedded PostgreSQL (data kept in {@code
 * .gridweave/demo}), the meter-gateway, the forecasting service, the grid-controller (its grid made
 * from the fleet's registrations, re-planning the current interval every minute), and a fleet of
 * meters replaying real London household profiles with registered keys ({@code --simulated}:
 * simulated prosumers with PV and batteries). Ctrl-C stops everything.
 *
 * <p>Settlement (issue #6), where Anvil is installed: a dev chain (state kept in {@code
 * .gridweave/demo/chain}), the {@code EnergySettlement} contract (the one remembered in {@code
 * chain/contract.txt}, else the one the controller's database remembers, if the chain still has it;
 * else deployed by the demo), the controller settling each interval's delivered trades on it, and a
 * {@link DevChainBridge}: the Besu plugin's own chain → MQTT core polling the dev chain, so the
 * meters hear each settled interval on {@code gridweave/v1/settlement/{intervalId}} as they would
 * from the Besu nodes.
 *
 * <p>The forecasting service retrains every 10 minutes, but it needs about 17 days of interval
 * history per target before its first forecast: a demo that has run for minutes shows models as not
 * yet trained (409 with the days it has and needs). The state folder keeps the history between
 * runs.
 */
@Command(
    name = "demo",
    description =
        "Run broker, PostgreSQL, gateway, forecasting, grid-controller and a meter fleet.")
public final class Demo implements Callable<Integer> {
  @Option(names = "--meters", description = "fleet size (default ${DEFAULT-VALUE})")
  int meters = 50;

  @Option(names = "--http-port", description = "gateway HTTP port (default ${DEFAULT-VALUE})")
  int httpPort = 8081;

  @Option(names = "--mqtt-port", description = "broker port (default ${DEFAULT-VALUE})")
  int mqttPort = 1883;

  @Option(
      names = "--forecasting-port",
      description = "forecasting HTTP port (default ${DEFAULT-VALUE})")
  int forecastingPort = 8082;

  @Option(
      names = "--controller-port",
      description = "grid-controller HTTP port (default ${DEFAULT-VALUE})")
  int controllerPort = 8083;

  @Option(
      names = "--simulated",
      description =
          "meters run the simulated prosumer site (PV, batteries) even when ../shared/data is"
              + " there; the London households have no PV or battery for the controller to dispatch")
  boolean simulated;

  @Option(
      names = "--replan-seconds",
      description =
          "the controller re-plans the current 15-minute interval this often: the demo's faster"
              + " clock (default ${DEFAULT-VALUE})")
  long replanSeconds = 60;

  @Option(
      names = "--history-days",
      description =
          "on a fresh demo, first replay this many days of history at 6000x through the real"
              + " path (signed, MQTT, gateway) so forecasts have something to learn from; 0 to"
              + " skip (default ${DEFAULT-VALUE})")
  int historyDays = 21;

  /** The scenario's prosumers in live mode, else null. */
  private ScenarioSites sites;

  /** Simulated time per wall second while the history is replayed. */
  static final double HISTORY_SPEED = 6000;

  @Option(names = "--chain-port", description = "dev chain (Anvil) port (default ${DEFAULT-VALUE})")
  int chainPort = 8545;

  @Option(names = "--pg-port", description = "PostgreSQL port (default ${DEFAULT-VALUE})")
  int pgPort = 55432;

  @Option(
      names = "--seconds",
      description = "stop after this many seconds (default: run until Ctrl-C)")
  long seconds = 0;

  @Option(
      names = "--scenario",
      description =
          "live mode (issue #8): the meters play this simulation scenario's prosumers (assets,"
              + " feeders, limits, demand/PV/wind series) instead of the default fleet; state in"
              + " .gridweave/live/<scenario name>")
  Path scenario;

  @Override
  public Integer call() throws Exception {
    ScenarioSites sites = null;
    if (scenario != null) {
      try {
        sites = ScenarioSites.load(scenario, Shared.data(), java.time.Instant.now());
      } catch (RuntimeException e) {
        System.err.println("gridweave: " + e.getMessage());
        return 2;
      }
      meters = sites.size();
    }
    Path dir =
        sites == null
            ? Stack.home().resolve(".gridweave/demo")
            : Stack.home().resolve(".gridweave/live").resolve(sites.scenario().name());
    System.out.println("GridWeave demo: state is kept in " + dir + " (delete it to start afresh)");
    if (sites != null) {
      System.out.printf(
          "live mode: %d meters play the prosumers of scenario %s (seed %d, %s demand, %d"
              + " scenario days from today, wrapping)%n",
          sites.size(),
          sites.scenario().name(),
          sites.scenario().seed(),
          sites.demandSource(),
          sites.series().days());
    }
    this.sites = sites;
    Stack stack = new Stack();
    CountDownLatch stopped = new CountDownLatch(1);
    Fleet[] fleet = new Fleet[1];
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> {
              System.out.println("\nstopping the demo...");
              if (fleet[0] != null) {
                fleet[0].close();
              }
              stack.close();
              stopped.countDown();
            }));
    Mosquitto broker =
        stack.adopt(
            Mosquitto.start(
                dir.resolve("mqtt"), Ports.accepting(mqttPort) ? Ports.free() : mqttPort));
    EmbeddedPostgres db =
        stack.adopt(
            EmbeddedPostgres.start(
                dir.resolve("postgres"), Ports.accepting(pgPort) ? Ports.free() : pgPort));
    int http = Ports.accepting(httpPort) ? Ports.free() : httpPort;
    System.out.println("starting meter-gateway...");
    ServiceProcess gateway =
        stack.adopt(
            GatewayLauncher.start(
                "demo-gateway-1", http, broker, db, dir.resolve("logs"), List.of("-Xmx1g")));
    String forecasting = null;
    if (ForecastingLauncher.built()) {
      int fcHttp = Ports.accepting(forecastingPort) ? Ports.free() : forecastingPort;
      System.out.println("starting forecasting...");
      stack.adopt(
          ForecastingLauncher.start(
              "demo-forecasting-1",
              fcHttp,
              broker,
              db,
              "10m",
              dir.resolve("logs"),
              List.of("-Xmx1g", "--enable-native-access=ALL-UNNAMED")));
      forecasting = "http://127.0.0.1:" + fcHttp;
    } else {
      System.out.println(
          "NOTICE: forecasting is not built ("
              + ForecastingLauncher.jar()
              + "): run ./gridweave build");
    }
    FleetOptions options = FleetOptions.simulated(meters, dir.resolve("meters")).withSeed(2026);
    var data = Shared.data();
    if (sites != null) {
      System.out.println("meters: the scenario's sites (see above)");
    } else if (data.isPresent() && !simulated) {
      options = options.withDriver(FleetOptions.DriverKind.LONDON, data.get());
    } else {
      System.out.println(
          "NOTICE: ../shared/data not found: meters run the simulated site instead of real profiles");
    }
    GatewayRegistry registry = new GatewayRegistry(URI.create("http://127.0.0.1:" + http));
    boolean fresh = !java.nio.file.Files.exists(dir.resolve("meters"));
    if (historyDays > 0 && fresh) {
      replayHistory(options, broker, registry, fleet, forecasting);
    } else if (historyDays > 0) {
      System.out.println("history: kept from an earlier run (delete " + dir + " to replay it)");
    }
    fleet[0] = Fleet.create(options, broker.uri(), Clock.systemUTC(), ProducedLog.NONE, sites);
    for (Fleet.Member m : fleet[0].members()) {
      registry.register(m.registration());
    }
    fleet[0].start();
    String controller = null;
    ConsoleUsers users = null;
    Anvil chain = null;
    DevChainBridge bridge = null;
    int gcHttp = controllerPort;
    if (ControllerLauncher.built()) {
      java.nio.file.Path grid = dir.resolve("grid.json");
      java.nio.file.Files.writeString(
          grid,
          sites == null
              ? DemoGrid.document(
                  fleet[0].members().stream().map(Fleet.Member::registration).toList())
              : DemoGrid.document(
                  fleet[0].members().stream().map(Fleet.Member::registration).toList(),
                  sites.feederLimitsKw(),
                  sites.scenario().transformerLimitKw()));
      gcHttp = Ports.accepting(controllerPort) ? Ports.free() : controllerPort;
      Map<String, String> settlement = Map.of();
      if (Anvil.binary().isPresent()) {
        System.out.println("starting the dev chain (Anvil)...");
        chain =
            stack.adopt(
                Anvil.start(
                    dir.resolve("chain"), Ports.accepting(chainPort) ? Ports.free() : chainPort));
        bridge = startSettlement(stack, chain, broker, db, dir);
        if (bridge != null) {
          settlement =
              Map.of(
                  "gridweave.controller.settlement.enabled",
                  "true",
                  "gridweave.controller.settlement.rpc-url",
                  chain.rpcUrl(),
                  "gridweave.controller.settlement.operator-key",
                  DevSettlementContract.OPERATOR_KEY,
                  "gridweave.controller.settlement.contract-address",
                  bridge.contract().hex());
        }
      } else {
        System.out.println("NOTICE: " + Anvil.NOT_INSTALLED + ": trades are not settled on chain");
      }
      users =
          ConsoleUsers.keptIn(
              dir.resolve("console-users.txt"),
              fleet[0].members().stream()
                  .map(m -> m.registration().site().value())
                  .distinct()
                  .limit(2)
                  .toList());
      Map<String, String> settings = new java.util.HashMap<>(settlement);
      settings.put(ConsoleUsers.SETTING, users.setting());
      if (chain != null) {
        settings.put(ConsoleUsers.CHAIN_RPC_SETTING, chain.rpcUrl());
      }
      System.out.println("starting grid-controller...");
      stack.adopt(
          ControllerLauncher.start(
              "demo-controller-1",
              gcHttp,
              broker,
              db,
              grid,
              Duration.ofSeconds(replanSeconds),
              settings,
              dir.resolve("logs"),
              List.of("-Xmx1g", "--enable-native-access=ALL-UNNAMED")));
      controller = "http://127.0.0.1:" + gcHttp;
      if (forecasting != null) {
        trainSiteForecasts(forecasting, fleet[0]);
      }
    } else {
      System.out.println(
          "NOTICE: grid-controller is not built ("
              + ControllerLauncher.jar()
              + "): run ./gridweave build");
    }
    String base = "http://127.0.0.1:" + http;
    System.out.println(
        String.join(
            "\n",
            "",
            "GridWeave is running: "
                + meters
                + " meters -> "
                + broker.uri()
                + " -> meter-gateway -> PostgreSQL",
            "  meters           " + base + "/meters",
            "  readings         " + base + "/meters/m-0001/readings",
            "  interval energy  " + base + "/meters/m-0001/intervals",
            "  rejections       " + base + "/rejections",
            "  API (OpenAPI)    " + base + "/q/swagger-ui",
            "  health           " + base + "/q/health",
            "  metrics          " + base + "/q/metrics",
            forecasting == null
                ? "  forecasting      (not built)"
                : String.join(
                    "\n",
                    "  models           " + forecasting + "/models",
                    "  forecast         "
                        + forecasting
                        + "/forecasts/demand.feeder."
                        + (fleet[0] == null
                            ? "f-1"
                            : fleet[0].members().get(0).registration().feeder().value()),
                    "  train now        POST "
                        + forecasting
                        + "/models/demand.feeder.{feeder}/train",
                    "  forecasting API  " + forecasting + "/q/swagger-ui",
                    "  forecast topic   gridweave/v1/forecasts/# on " + broker.uri()),
            controller == null
                ? "  grid-controller  (not built)"
                : String.join(
                    "\n",
                    "  web console      "
                        + controller
                        + "/ (users and passwords below; kept in "
                        + dir.resolve("console-users.txt")
                        + ")",
                    consoleUserLines(users),
                    "  grid model       " + controller + "/grid",
                    "  dispatch         " + controller + "/dispatch/latest",
                    "  setpoints        " + controller + "/sites/s-0001/setpoints",
                    "  alarms           " + controller + "/alarms",
                    "  market           " + controller + "/market/trades?interval=...",
                    bridge == null
                        ? "  settlement       (no dev chain)"
                        : settlementLines(controller, gcHttp, chain, bridge, broker),
                    "  controller API   " + controller + "/q/swagger-ui"),
            "  PostgreSQL       " + db.jdbcUrl() + " (user postgres)",
            "  logs             " + dir.resolve("logs"),
            "Press Ctrl-C to stop.",
            ""));
    long started = System.nanoTime();
    while (!stopped.await(10, java.util.concurrent.TimeUnit.SECONDS)) {
      try (var c =
              DriverManager.getConnection(
                  db.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
          var s = c.createStatement();
          var r =
              s.executeQuery(
                  "SELECT (SELECT count(*) FROM reading), (SELECT count(*) FROM telemetry_message),"
                      + " (SELECT count(*) FROM rejection)")) {
        r.next();
        System.out.printf(
            "readings stored: %,d  messages: %,d  rejected: %,d  gateway alive: %s%s%n",
            r.getLong(1),
            r.getLong(2),
            r.getLong(3),
            gateway.isAlive(),
            controllerStatus(c) + settlementStatus(bridge, fleet[0], gcHttp, chain));
      } catch (java.sql.SQLException e) {
        System.out.println("database not reachable: " + e.getMessage());
      }
      if (seconds > 0 && Duration.ofNanos(System.nanoTime() - started).toSeconds() >= seconds) {
        System.exit(0);
      }
    }
    return 0;
  }

  /** The console users, one indented line each, for the banner. */
  private static String consoleUserLines(ConsoleUsers users) {
    return users.lines().stream()
        .map(l -> "    " + l)
        .collect(java.util.stream.Collectors.joining("\n"));
  }

  /** Keeps the bridge's log file configured (JUL forgets the settings of collected loggers). */
  private static final List<java.util.logging.Logger> BRIDGE_LOGGERS =
      List.of(
          java.util.logging.Logger.getLogger("org.gridweave.devstack.chain"),
          java.util.logging.Logger.getLogger("org.gridweave.besuplugin"));

  /**
   * The settlement contract (the one remembered in {@code chain/contract.txt} if the chain still
   * has it, else a new one) and the dev-chain bridge that announces its settled intervals on MQTT
   * as the Besu plugin does; the bridge logs to {@code logs/dev-chain-bridge.log} (warnings on the
   * console too). Null, with a NOTICE, if the contract cannot be deployed: the demo then runs
   * without settlement.
   */
  private static DevChainBridge startSettlement(
      Stack stack, Anvil chain, Mosquitto broker, EmbeddedPostgres db, Path dir)
      throws java.io.IOException {
    Path logs = dir.resolve("logs");
    java.nio.file.Files.createDirectories(logs);
    var file =
        new java.util.logging.FileHandler(logs.resolve("dev-chain-bridge.log").toString(), true);
    file.setFormatter(new java.util.logging.SimpleFormatter());
    var console = new java.util.logging.ConsoleHandler();
    console.setLevel(java.util.logging.Level.WARNING);
    for (java.util.logging.Logger logger : BRIDGE_LOGGERS) {
      logger.setUseParentHandlers(false);
      logger.addHandler(file);
      logger.addHandler(console);
    }
    DevSettlementContract.Resolved contract;
    try {
      contract =
          DevSettlementContract.deployOrReuse(
              chain.rpcUrl(),
              Anvil.CHAIN_ID,
              dir.resolve("chain/contract.txt"),
              controllersContract(db).stream().toList());
    } catch (RuntimeException e) {
      System.out.println(
          "NOTICE: could not deploy the settlement contract on the dev chain ("
              + e.getMessage()
              + "): trades are not settled on chain");
      return null;
    }
    System.out.println(
        "settlement: "
            + (contract.deployed()
                ? "deployed EnergySettlement at "
                : "reusing EnergySettlement at ")
            + contract.address().hex()
            + " (remembered in "
            + dir.resolve("chain/contract.txt")
            + ")");
    return stack.adopt(
        DevChainBridge.start(chain.rpcUrl(), contract.address(), URI.create(broker.uri())));
  }

  /**
   * The contract the controller remembers in its database (it deploys one itself when given none,
   * as demos before {@code chain/contract.txt} let it); empty if there is none or no such table.
   */
  private static java.util.Optional<org.gridweave.settlement.Account> controllersContract(
      EmbeddedPostgres db) {
    try (var c =
            DriverManager.getConnection(
                db.jdbcUrl(), EmbeddedPostgres.USER, EmbeddedPostgres.PASSWORD);
        var s =
            c.prepareStatement(
                "SELECT address FROM controller.settlement_contract WHERE chain_id = ?")) {
      s.setLong(1, Anvil.CHAIN_ID);
      try (var r = s.executeQuery()) {
        return r.next()
            ? java.util.Optional.of(org.gridweave.settlement.Account.fromHex(r.getString(1)))
            : java.util.Optional.empty();
      }
    } catch (java.sql.SQLException | IllegalArgumentException e) {
      return java.util.Optional.empty();
    }
  }

  private static String settlementLines(
      String controller, int controllerPort, Anvil chain, DevChainBridge bridge, Mosquitto broker) {
    String verify =
        "GRIDWEAVE_PASSWORD=<prosumer-s-0001's password> ./gridweave meter verify --interval <ISO"
            + " start, e.g. 2026-11-26T10:15:00Z> --site s-0001 --user prosumer-s-0001"
            + verifyOptions(controllerPort, chain, bridge);
    return String.join(
        "\n",
        "  settlements      " + controller + "/settlements/{interval}",
        "  contract         "
            + bridge.contract().hex()
            + " (EnergySettlement, 900 s intervals; operator "
            + Anvil.DEV_ADDRESSES.get(0)
            + ")",
        "  chain            "
            + chain.rpcUrl()
            + " (Anvil dev chain, chain id "
            + Anvil.CHAIN_ID
            + ")",
        "  settled topic    gridweave/v1/settlement/{intervalId} on "
            + broker.uri()
            + " (retained; published by the Besu plugin's core polling the dev chain)",
        "  verify a trade   " + verify);
  }

  /**
   * The verify command's options: the contract (so the meter checks against the address the demo
   * deployed, not the controller's word for it), and the URLs where the demo's ports differ from
   * the command's defaults.
   */
  private static String verifyOptions(int controllerPort, Anvil chain, DevChainBridge bridge) {
    String options = " --contract " + bridge.contract().hex();
    if (controllerPort != 8083) {
      options += " --controller http://127.0.0.1:" + controllerPort;
    }
    if (chain.port() != 8545) {
      options += " --rpc " + chain.rpcUrl();
    }
    return options;
  }

  /** The bridge's and the meters' view of settlement, for the status line; empty without it. */
  private static String settlementStatus(
      DevChainBridge bridge, Fleet fleet, int controllerPort, Anvil chain) {
    if (bridge == null) {
      return "";
    }
    var index = bridge.intake().index();
    var last = index.lastSettledInterval();
    long heard =
        fleet == null
            ? 0
            : fleet.members().stream()
                .filter(m -> m.meter().settlements().newest().isPresent())
                .count();
    String line =
        String.format(
            "%n  settlement: chain read to block %d%s, intervals committed on chain: %d%s,"
                + " announced on MQTT: %d%s, meters that heard one: %d",
            bridge.readThrough(),
            bridge.chainAnswering() ? "" : " (chain not answering)",
            index.intervalsIndexed(),
            last.isPresent()
                ? " (latest " + java.time.Instant.ofEpochSecond(last.getAsLong()) + ")"
                : "",
            bridge.published(),
            bridge.brokerConnected() ? "" : " (broker not connected)",
            heard);
    if (last.isPresent()) {
      line +=
          String.format(
              "%n  verify: GRIDWEAVE_PASSWORD=<prosumer-s-0001's password> ./gridweave meter verify"
                  + " --interval %s --site s-0001 --user prosumer-s-0001%s",
              java.time.Instant.ofEpochSecond(last.getAsLong()),
              verifyOptions(controllerPort, chain, bridge));
    }
    return line;
  }

  /** The controller's newest decision, for the status line; empty before the first. */
  private static String controllerStatus(java.sql.Connection c) {
    try (var s = c.createStatement();
        var r =
            s.executeQuery(
                "SELECT mode, revision, to_char(interval_start AT TIME ZONE 'UTC', 'HH24:MI'),"
                    + " (SELECT count(*) FROM controller.command WHERE status = 'applied')"
                    + " FROM controller.decision ORDER BY interval_start DESC LIMIT 1")) {
      if (!r.next()) {
        return "";
      }
      return String.format(
          "%n  dispatch %s UTC: %s (revision %d), setpoints applied: %,d",
          r.getString(3), r.getString(1), r.getInt(2), r.getLong(4));
    } catch (java.sql.SQLException e) {
      return "";
    }
  }

  /**
   * Asks the forecasting service for each site's demand, PV and wind forecasts (it trains them one
   * after another in the background; until all are there the controller's rules decide, and say
   * so). Models that exist are kept fresh by its retrain schedule.
   */
  private static void trainSiteForecasts(String forecasting, Fleet fleet) {
    var http = java.net.http.HttpClient.newHttpClient();
    int asked = 0;
    for (Fleet.Member m : fleet.members()) {
      var k = m.registration().ratings();
      List<String> targets = new java.util.ArrayList<>(List.of("demand"));
      if (k.hasPv()) {
        targets.add("pv");
      }
      if (k.hasWind()) {
        targets.add("wind");
      }
      for (String q : targets) {
        String target = q + ".meter." + m.registration().meter().value();
        try {
          var response =
              http.send(
                  java.net.http.HttpRequest.newBuilder(
                          URI.create(forecasting + "/models/" + target + "/train"))
                      .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.discarding());
          if (response.statusCode() == 202) {
            asked++;
          }
        } catch (java.io.IOException e) {
          System.out.println("forecasting: could not ask for " + target + ": " + e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    System.out.println(
        "forecasting: "
            + asked
            + " site forecasts queued for training; the controller's rules decide until they are"
            + " published");
  }

  /**
   * The same meters (same state folder, keys, sequence numbers and counters) first run on a clock
   * that starts {@code historyDays} back and runs {@value #HISTORY_SPEED} times faster, sampling
   * every 50 ms (5 simulated minutes), until it reaches the present; then the demo continues them
   * in real time. Everything goes through MQTT and the gateway like live data.
   */
  private void replayHistory(
      FleetOptions options,
      Mosquitto broker,
      GatewayRegistry registry,
      Fleet[] fleet,
      String forecasting)
      throws Exception {
    CatchUpClock clock =
        new CatchUpClock(Clock.systemUTC(), Duration.ofDays(historyDays), HISTORY_SPEED);
    long minutes = Math.round(historyDays * 86400 / HISTORY_SPEED / 60);
    System.out.printf(
        "history: replaying %d days at %.0fx (about %d min), signed and through the gateway...%n",
        historyDays, HISTORY_SPEED, minutes);
    Fleet history =
        Fleet.create(
            options.withPeriods(Duration.ofMillis(50), Duration.ofSeconds(1)),
            broker.uri(),
            clock,
            ProducedLog.NONE,
            sites);
    fleet[0] = history;
    java.util.Set<String> feeders = new java.util.TreeSet<>();
    for (Fleet.Member m : history.members()) {
      registry.register(m.registration());
      feeders.add(m.registration().feeder().value());
    }
    history.start();
    long lastReport = 0;
    while (!clock.caughtUp()) {
      Thread.sleep(1000);
      if (System.nanoTime() - lastReport > 30_000_000_000L) {
        lastReport = System.nanoTime();
        System.out.println(
            "history: meters are at "
                + clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
      }
    }
    Thread.sleep(2000); // the last messages of the replay
    history.close();
    fleet[0] = null;
    System.out.println("history: caught up with the present");
    if (forecasting != null) {
      var http = java.net.http.HttpClient.newHttpClient();
      Thread.sleep(5000); // the gateway's last commits
      for (String f : feeders) {
        var response =
            http.send(
                java.net.http.HttpRequest.newBuilder(
                        URI.create(forecasting + "/models/demand.feeder." + f + "/train"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        System.out.println(
            "forecasting: training demand.feeder." + f + " -> HTTP " + response.statusCode());
      }
    }
  }
}

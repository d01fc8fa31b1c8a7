package org.gridweave.devstack.drill;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.devstack.ControllerLauncher;
import org.gridweave.devstack.GatewayLauncher;
import org.gridweave.devstack.Stack;
import org.gridweave.devstack.chain.DevSettlementContract;
import org.gridweave.devstack.demo.DemoGrid;
import org.gridweave.devstack.process.ServiceProcess;
import org.gridweave.firmware.RecordingProducedLog;
import org.gridweave.firmware.fleet.Fleet;
import org.gridweave.firmware.fleet.FleetOptions;
import org.gridweave.firmware.registration.GatewayRegistry;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/**
 * The stack the drills run against: what {@code ./gridweave demo} starts, on free ports and in its
 * own folder — Mosquitto, PostgreSQL, the meter-gateway, and (where built and installed) the
 * grid-controller settling on a dev chain (Anvil + the settlement contract) — under a simulated
 * meter fleet whose every message is recorded. The forecasting service is left out: no drill
 * touches it, and it would compete for the same cores.
 *
 * <p>Not thread-safe: the drill runner's thread drives it.
 */
public final class DrillStack implements AutoCloseable {

  /**
   * @param meters fleet size
   * @param samplePeriod how often each meter samples
   * @param messagePeriod how often each meter sends a message
   * @param withController start the grid-controller (and the dev chain, where Anvil is installed)
   * @param dir the stack's folder (broker, database, chain, meters, logs)
   * @param standby also start a second controller on the same database, where the packaged
   *     controller has leader election (one leads, the other waits)
   * @param lease the controllers' lease duration and renewal period
   */
  public record Options(
      int meters,
      Duration samplePeriod,
      Duration messagePeriod,
      boolean withController,
      Path dir,
      boolean standby,
      LeaseTiming lease) {
    /** Without a standby controller, on the default lease (15 s, renewed every 5 s). */
    public Options(
        int meters,
        Duration samplePeriod,
        Duration messagePeriod,
        boolean withController,
        Path dir) {
      this(meters, samplePeriod, messagePeriod, withController, dir, false, LeaseTiming.DEFAULT);
    }

    public Options {
      java.util.Objects.requireNonNull(lease, "lease");
      if (meters < 1 || meters > 5000) {
        throw new IllegalArgumentException("--meters must be 1-5000, was " + meters);
      }
      if (samplePeriod.isNegative()
          || samplePeriod.isZero()
          || messagePeriod.compareTo(samplePeriod) < 0) {
        throw new IllegalArgumentException(
            "the sample period must be positive and the message period at least as long, were "
                + samplePeriod
                + " and "
                + messagePeriod);
      }
    }
  }

  /** {@code gridweave.controller.leader.lease-duration} and {@code renew-every}. */
  public record LeaseTiming(Duration duration, Duration renewEvery) {
    public static final LeaseTiming DEFAULT =
        new LeaseTiming(Duration.ofSeconds(15), Duration.ofSeconds(5));
  }

  static final String GATEWAY = "drill-gateway-1";
  static final String CONTROLLER = "drill-controller-1";
  static final String STANDBY = "drill-controller-2";
  static final List<String> GATEWAY_JVM = List.of("-Xmx512m");
  static final List<String> CONTROLLER_JVM =
      List.of("-Xmx768m", "--enable-native-access=ALL-UNNAMED");

  private final Stack stack = new Stack();
  private final Options options;
  private final PrintStream log;
  private final RecordingProducedLog produced = new RecordingProducedLog();
  private final List<AutoCloseable> extras =
      java.util.Collections.synchronizedList(new java.util.ArrayList<>());
  private Mosquitto broker;
  private EmbeddedPostgres database;
  private ServiceProcess gateway;
  private int gatewayHttp;
  private Fleet fleet;
  private Anvil chain;
  private ServiceProcess controller;
  private int controllerHttp;
  private final Map<String, ServiceProcess> controllers = new java.util.LinkedHashMap<>();
  private final Map<String, Integer> controllerPorts = new java.util.LinkedHashMap<>();
  private Map<String, String> controllerSettings = Map.of();
  private Path grid;

  private DrillStack(Options options, PrintStream log) {
    this.options = options;
    this.log = log;
  }

  /** Starts everything and the fleet; closes what it started if a part fails. */
  public static DrillStack start(Options options, PrintStream log) {
    DrillStack s = new DrillStack(options, log);
    try {
      s.startAll();
      return s;
    } catch (RuntimeException | Error e) {
      s.close();
      throw e;
    } catch (Exception e) {
      s.close();
      throw new IllegalStateException("the drill stack did not start: " + e.getMessage(), e);
    }
  }

  private void startAll() throws Exception {
    Path dir = options.dir();
    broker = stack.adopt(Mosquitto.start(dir.resolve("mqtt"), Ports.free()));
    database = stack.adopt(EmbeddedPostgres.start(dir.resolve("postgres"), Ports.free()));
    gatewayHttp = Ports.free();
    log.println("drills: starting meter-gateway...");
    gateway = startGateway();
    FleetOptions fleetOptions =
        FleetOptions.simulated(options.meters(), dir.resolve("meters"))
            .withPeriods(options.samplePeriod(), options.messagePeriod())
            .withFsync(false)
            .withSeed(2026);
    fleet = Fleet.create(fleetOptions, broker.uri(), Clock.systemUTC(), produced);
    GatewayRegistry registry = registry();
    for (Fleet.Member m : fleet.members()) {
      registry.register(m.registration());
    }
    fleet.start();
    if (options.withController() && ControllerLauncher.built()) {
      Map<String, String> settings = new HashMap<>();
      settings.put("gridweave.controller.cycle.tick", "2s");
      if (Anvil.binary().isPresent()) {
        log.println("drills: starting the dev chain (Anvil) and the settlement contract...");
        chain = stack.adopt(Anvil.start(dir.resolve("chain"), Ports.free()));
        var contract =
            DevSettlementContract.deployOrReuse(
                chain.rpcUrl(), Anvil.CHAIN_ID, dir.resolve("chain/contract.txt"));
        settings.put("gridweave.controller.settlement.enabled", "true");
        settings.put("gridweave.controller.settlement.rpc-url", chain.rpcUrl());
        settings.put(
            "gridweave.controller.settlement.operator-key", DevSettlementContract.OPERATOR_KEY);
        settings.put("gridweave.controller.settlement.contract-address", contract.address().hex());
      } else {
        log.println("drills: NOTICE: " + Anvil.NOT_INSTALLED + ": no chain drill");
      }
      grid = dir.resolve("grid.json");
      java.nio.file.Files.writeString(
          grid,
          DemoGrid.document(fleet.members().stream().map(Fleet.Member::registration).toList()));
      controllerSettings = Map.copyOf(settings);
      boolean elected = ControllerLauncher.hasLeaderElection();
      controllerHttp = Ports.free();
      log.println("drills: starting grid-controller...");
      if (options.standby() && elected) {
        log.println("drills: and a standby grid-controller on the same database...");
        int standbyHttp = Ports.free();
        // both at once: a controller JVM takes a while to start on two cores
        var standby =
            java.util.concurrent.CompletableFuture.supplyAsync(() ->
                startController(
                    STANDBY,
                    standbyHttp,
                    ControllerLauncher.leaderSettings(
                        STANDBY, options.lease().duration(), options.lease().renewEvery())));
        try {
          controller = startInstance(CONTROLLER, controllerHttp, elected);
        } finally {
          ServiceProcess second = standby.join();
          controllers.put(STANDBY, second);
          controllerPorts.put(STANDBY, standbyHttp);
        }
      } else {
        controller = startInstance(CONTROLLER, controllerHttp, elected);
      }
      if (options.standby() && !elected) {
        log.println(
            "drills: NOTICE: the packaged grid-controller has no leader election: no standby");
      }
    } else if (options.withController()) {
      log.println("drills: NOTICE: grid-controller is not built: no chain or controller drill");
    }
  }

  private ServiceProcess startInstance(String name, int http, boolean elected) {
    ServiceProcess p =
        startController(
            name,
            http,
            elected
                ? ControllerLauncher.leaderSettings(
                    name, options.lease().duration(), options.lease().renewEvery())
                : Map.of());
    controllers.put(name, p);
    controllerPorts.put(name, http);
    return p;
  }

  /** The controller instances by name (the first, then the standby), dead ones included. */
  public Map<String, ServiceProcess> controllers() {
    return java.util.Collections.unmodifiableMap(controllers);
  }

  /** The HTTP port of a controller instance. */
  public int controllerPort(String name) {
    Integer port = controllerPorts.get(name);
    if (port == null) {
      throw new IllegalArgumentException(
          "no controller " + name + "; have " + controllerPorts.keySet());
    }
    return port;
  }

  /** A controller process on the stack's broker and database with the stack's settings. */
  ServiceProcess startController(String name, int http, Map<String, String> more) {
    Map<String, String> settings = new HashMap<>(controllerSettings);
    settings.putAll(more);
    ServiceProcess p =
        ControllerLauncher.start(
            name,
            http,
            broker,
            database,
            grid,
            Duration.ofSeconds(60),
            settings,
            options.dir().resolve("logs"),
            CONTROLLER_JVM);
    extras.add(p);
    return p;
  }

  private ServiceProcess startGateway() {
    ServiceProcess p =
        GatewayLauncher.start(
            GATEWAY, gatewayHttp, broker, database, options.dir().resolve("logs"), GATEWAY_JVM);
    extras.add(p);
    return p;
  }

  /** Kills the gateway with SIGKILL. */
  void killGateway() {
    gateway.kill();
  }

  /** Starts the gateway again under its instance id (its persistent sessions) and port. */
  void restartGateway() {
    gateway = startGateway();
  }

  public GatewayRegistry registry() {
    return new GatewayRegistry(URI.create("http://127.0.0.1:" + gatewayHttp));
  }

  public Pipeline pipeline() {
    return new PgPipeline(produced, database);
  }

  public RecordingProducedLog produced() {
    return produced;
  }

  public Mosquitto broker() {
    return broker;
  }

  public EmbeddedPostgres database() {
    return database;
  }

  public Optional<Anvil> chain() {
    return Optional.ofNullable(chain);
  }

  public Optional<ServiceProcess> controller() {
    return Optional.ofNullable(controller);
  }

  /** The settlement contract the controller settles on; empty without a chain. */
  public Optional<String> contract() {
    return Optional.ofNullable(
        controllerSettings.get("gridweave.controller.settlement.contract-address"));
  }

  public int controllerHttp() {
    return controllerHttp;
  }

  public Fleet fleet() {
    return fleet;
  }

  public Options options() {
    return options;
  }

  /** Closed with the stack, before the services (e.g. a meter the drill made). */
  void closeLater(AutoCloseable c) {
    extras.add(c);
  }

  @Override
  public void close() {
    if (fleet != null) {
      fleet.close();
    }
    for (int i = extras.size() - 1; i >= 0; i--) {
      try {
        extras.get(i).close();
      } catch (Exception e) {
        log.println("drills: could not close " + extras.get(i) + ": " + e.getMessage());
      }
    }
    stack.close();
  }
}

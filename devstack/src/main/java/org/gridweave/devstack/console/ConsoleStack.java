package org.gridweave.devstack.console;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
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
import org.gridweave.firmware.ProducedLog;
import org.gridweave.firmware.fleet.Fleet;
import org.gridweave.firmware.fleet.FleetOptions;
import org.gridweave.firmware.registration.GatewayRegistry;
import org.gridweave.firmware.registration.RegistrationException;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/**
 * The stack the web console is tested and measured against, as separate processes on {@code
 * 127.0.0.1}: Mosquitto, PostgreSQL, the packaged meter-gateway and grid-controller (its grid made
 * from the fleet's registrations, console users from {@link ConsoleUsers}), a fleet of simulated
 * meters publishing from this JVM, and, where Anvil is installed and asked for, a dev chain with
 * the settlement contract the controller settles on. The forecasting service is not started: the
 * controller's rules decide.
 *
 * <p>Not thread-safe: one thread starts and closes it.
 */
public final class ConsoleStack implements AutoCloseable {
  /**
   * What the stack is made of.
   *
   * @param meters simulated meters, one site each ({@code m-0001} on {@code s-0001}, ...)
   * @param sitesPerFeeder sites per feeder ({@code f-1}, {@code f-2}, ...)
   * @param messagePeriod how often each meter publishes (it samples every second)
   * @param chain whether to start Anvil with the settlement contract (skipped if not installed)
   * @param settings further {@code gridweave.controller.*} settings
   */
  public record Options(
      int meters,
      int sitesPerFeeder,
      Duration messagePeriod,
      boolean chain,
      Map<String, String> settings) {
    public Options {
      if (meters < 1 || sitesPerFeeder < 1) {
        throw new IllegalArgumentException(
            "a console stack needs at least one meter and one site per feeder");
      }
      settings = Map.copyOf(settings);
    }
  }

  private final Stack stack;
  private final Fleet fleet;
  private final EmbeddedPostgres database;
  private final int controllerPort;
  private final Optional<String> chainRpcUrl;

  private ConsoleStack(
      Stack stack,
      Fleet fleet,
      EmbeddedPostgres database,
      int controllerPort,
      Optional<String> chainRpcUrl) {
    this.stack = stack;
    this.fleet = fleet;
    this.database = database;
    this.controllerPort = controllerPort;
    this.chainRpcUrl = chainRpcUrl;
  }

  /** Why the stack cannot start here (a part not installed or not built), if it cannot. */
  public static Optional<String> missingPart() {
    if (Mosquitto.binary().isEmpty()) {
      return Optional.of(Mosquitto.NOT_INSTALLED);
    }
    Path gateway = Stack.home().resolve("meter-gateway/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(gateway)) {
      return Optional.of("meter-gateway is not packaged (" + gateway + "): run ./gridweave build");
    }
    if (!ControllerLauncher.built()) {
      return Optional.of(
          "grid-controller is not packaged ("
              + ControllerLauncher.jar()
              + "): run ./gridweave build");
    }
    return Optional.empty();
  }

  /** Starts everything in {@code dir} (fresh state) and returns once the controller is ready. */
  public static ConsoleStack start(Path dir, Options options, ConsoleUsers users)
      throws IOException, RegistrationException {
    Stack stack = new Stack();
    Fleet fleet = null;
    try {
      Path logs = dir.resolve("logs");
      Mosquitto broker = stack.adopt(Mosquitto.start(dir.resolve("mqtt"), Ports.free()));
      EmbeddedPostgres db = stack.adopt(EmbeddedPostgres.start(dir.resolve("pg"), Ports.free()));
      int gatewayPort = Ports.free();
      stack.adopt(
          GatewayLauncher.start(
              "console-gateway-1", gatewayPort, broker, db, logs, List.of("-Xmx768m")));
      FleetOptions fleetOptions =
          new FleetOptions(
              options.meters(),
              FleetOptions.DriverKind.SIMULATED,
              Optional.empty(),
              dir.resolve("meters"),
              Duration.ofSeconds(1),
              options.messagePeriod(),
              2026,
              1,
              options.sitesPerFeeder(),
              false,
              Optional.empty());
      fleet = Fleet.create(fleetOptions, broker.uri(), Clock.systemUTC(), ProducedLog.NONE);
      GatewayRegistry registry = new GatewayRegistry(URI.create("http://127.0.0.1:" + gatewayPort));
      for (Fleet.Member m : fleet.members()) {
        registry.register(m.registration());
      }
      fleet.start();
      Path grid = dir.resolve("grid.json");
      Files.writeString(
          grid,
          DemoGrid.document(fleet.members().stream().map(Fleet.Member::registration).toList()));
      Map<String, String> settings = new HashMap<>();
      settings.put(ConsoleUsers.SETTING, users.setting());
      Optional<String> rpc = Optional.empty();
      if (options.chain() && Anvil.binary().isPresent()) {
        Anvil chain = stack.adopt(Anvil.start(dir.resolve("chain"), Ports.free()));
        var contract =
            DevSettlementContract.deployOrReuse(
                chain.rpcUrl(), Anvil.CHAIN_ID, dir.resolve("chain/contract.txt"));
        settings.putAll(
            Map.of(
                "gridweave.controller.settlement.enabled",
                "true",
                "gridweave.controller.settlement.rpc-url",
                chain.rpcUrl(),
                "gridweave.controller.settlement.operator-key",
                DevSettlementContract.OPERATOR_KEY,
                "gridweave.controller.settlement.contract-address",
                contract.address().hex(),
                ConsoleUsers.CHAIN_RPC_SETTING,
                chain.rpcUrl()));
        rpc = Optional.of(chain.rpcUrl());
      }
      settings.putAll(options.settings());
      int controllerPort = Ports.free();
      stack.adopt(
          ControllerLauncher.start(
              "console-controller-1",
              controllerPort,
              broker,
              db,
              grid,
              Duration.ofSeconds(60),
              settings,
              logs,
              List.of("-Xmx1g", "--enable-native-access=ALL-UNNAMED")));
      return new ConsoleStack(stack, fleet, db, controllerPort, rpc);
    } catch (RuntimeException | IOException | RegistrationException e) {
      if (fleet != null) {
        fleet.close();
      }
      stack.close();
      throw e;
    }
  }

  /** The console's address, {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String url() {
    return "http://127.0.0.1:" + controllerPort;
  }

  public Fleet fleet() {
    return fleet;
  }

  public EmbeddedPostgres database() {
    return database;
  }

  /** The dev chain's JSON-RPC address, if a chain runs. */
  public Optional<String> chainRpcUrl() {
    return chainRpcUrl;
  }

  /** Stops the meters, then the services, the chain, the database and the broker. */
  @Override
  public void close() {
    try {
      fleet.close();
    } finally {
      stack.close();
    }
  }
}

package org.gridweave.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gridweave.devstack.process.ServiceProcess;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/**
 * Starts the packaged grid-controller service (Quarkus fast-jar) against the broker and the
 * database the gateway uses (it reads the gateway's tables and migrates its own schema).
 */
public final class ControllerLauncher {
  private ControllerLauncher() {}

  public static Path jar() {
    return Stack.home().resolve("grid-controller/target/quarkus-app/quarkus-run.jar");
  }

  public static boolean built() {
    return Files.exists(jar());
  }

  /**
   * Starts the service and waits until it is ready.
   *
   * @param seedGrid a grid document stored when the database has none
   * @param replanEvery re-plan the current interval this often (the demo's faster clock)
   * @param settings further {@code gridweave.controller.*} settings (e.g. settlement's chain)
   */
  public static ServiceProcess start(
      String name,
      int httpPort,
      Mosquitto broker,
      EmbeddedPostgres database,
      Path seedGrid,
      Duration replanEvery,
      Map<String, String> settings,
      Path logDir,
      List<String> jvmArgs) {
    if (!built()) {
      throw new IllegalStateException(
          "grid-controller is not built (" + jar() + " is missing): run ./gridweave build");
    }
    String mqtt = Integer.toString(broker.port());
    Map<String, String> config =
        new java.util.HashMap<>(
            Map.of(
                "mp.messaging.outgoing.commands.port", mqtt,
                "mp.messaging.incoming.acks.port", mqtt,
                "mp.messaging.incoming.forecasts.port", mqtt,
                "mp.messaging.incoming.orders.port", mqtt,
                "gridweave.controller.seed-grid", seedGrid.toString(),
                "gridweave.controller.cycle.replan-every", replanEvery.toString()));
    config.putAll(settings);
    return QuarkusServices.start(name, jar(), httpPort, database, config, logDir, jvmArgs);
  }
}

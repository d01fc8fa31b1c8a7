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
   * Whether the packaged controller has leader election (issue #9): its {@code
   * gridweave.controller.leader.*} settings and {@code GET /leader}. An older one refuses those
   * settings as unknown, so they are given only when this is true.
   */
  public static boolean hasLeaderElection() {
    Path app = Stack.home().resolve("grid-controller/target/quarkus-app/app");
    try (var jars = Files.list(app)) {
      for (Path jar : jars.filter(p -> p.getFileName().toString().endsWith(".jar")).toList()) {
        try (var zip = new java.util.zip.ZipFile(jar.toFile())) {
          if (zip.getEntry("org/gridweave/controller/leader/LeaderElector.class") != null) {
            return true;
          }
        }
      }
      return false;
    } catch (java.io.IOException notBuilt) {
      return false;
    }
  }

  /**
   * The leader-election settings of one instance ({@code mode=database}).
   *
   * @param instanceId unique per instance, stable across its restarts
   */
  public static Map<String, String> leaderSettings(
      String instanceId, Duration leaseDuration, Duration renewEvery) {
    return Map.of(
        "gridweave.controller.leader.mode",
        "database",
        "gridweave.controller.leader.instance-id",
        instanceId,
        "gridweave.controller.leader.lease-duration",
        leaseDuration.toString(),
        "gridweave.controller.leader.renew-every",
        renewEvery.toString());
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

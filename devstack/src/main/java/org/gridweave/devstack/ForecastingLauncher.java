package org.gridweave.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gridweave.devstack.process.ServiceProcess;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/**
 * Starts the packaged forecasting service (Quarkus fast-jar) against the broker and the database
 * the gateway uses (it reads the gateway's interval tables and migrates its own).
 */
public final class ForecastingLauncher {
  private ForecastingLauncher() {}

  public static Path jar() {
    return Stack.home().resolve("forecasting/target/quarkus-app/quarkus-run.jar");
  }

  public static boolean built() {
    return Files.exists(jar());
  }

  /**
   * Starts the service and waits until it is ready (database reachable, schema migrated).
   *
   * @param retrainEvery the scheduler period, e.g. {@code 10m}
   */
  public static ServiceProcess start(
      String name,
      int httpPort,
      Mosquitto broker,
      EmbeddedPostgres database,
      String retrainEvery,
      Path logDir,
      List<String> jvmArgs) {
    if (!built()) {
      throw new IllegalStateException(
          "forecasting is not built (" + jar() + " is missing): run ./gridweave build");
    }
    return QuarkusServices.start(
        name,
        jar(),
        httpPort,
        database,
        Map.of(
            "mp.messaging.outgoing.forecasts.port",
            Integer.toString(broker.port()),
            "gridweave.forecasting.retrain.every",
            retrainEvery),
        logDir,
        jvmArgs);
  }
}

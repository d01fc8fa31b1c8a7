package org.gridweave.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.gridweave.devstack.process.ServiceProcess;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.database.EmbeddedPostgres;

/** Starts the packaged meter-gateway (Quarkus fast-jar) against a broker and a database. */
public final class GatewayLauncher {
  private GatewayLauncher() {}

  public static Path jar() {
    Path jar = Stack.home().resolve("meter-gateway/target/quarkus-app/quarkus-run.jar");
    if (!Files.exists(jar)) {
      throw new IllegalStateException(
          "meter-gateway is not built (" + jar + " is missing): run ./gridweave build");
    }
    return jar;
  }

  /**
   * Starts one gateway instance and waits until it is ready.
   *
   * @param instanceId stable across restarts of this instance (its persistent MQTT sessions)
   */
  public static ServiceProcess start(
      String instanceId,
      int httpPort,
      Mosquitto broker,
      EmbeddedPostgres database,
      Path logDir,
      List<String> jvmArgs) {
    return QuarkusServices.start(
        instanceId,
        jar(),
        httpPort,
        database,
        Map.of(
            "gridweave.gateway.mqtt.port",
            Integer.toString(broker.port()),
            "gridweave.gateway.instance-id",
            instanceId),
        logDir,
        jvmArgs);
  }
}

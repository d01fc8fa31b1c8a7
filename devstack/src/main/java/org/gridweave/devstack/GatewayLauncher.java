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

  /** The shared-subscription filters that split the meters' load over several instances. */
  public static final Map<String, String> SHARED_SUBSCRIPTION =
      Map.of(
          "gridweave.gateway.mqtt.telemetry-filter",
          "$share/gateway/gridweave/v1/+/+/telemetry",
          "gridweave.gateway.mqtt.backfill-filter",
          "$share/gateway-backfill/gridweave/v1/+/+/backfill");

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
    return start(instanceId, httpPort, broker, database, Map.of(), logDir, jvmArgs);
  }

  /**
   * Starts one gateway instance with further {@code gridweave.gateway.*} settings (e.g. {@link
   * #SHARED_SUBSCRIPTION}) and waits until it is ready.
   */
  public static ServiceProcess start(
      String instanceId,
      int httpPort,
      Mosquitto broker,
      EmbeddedPostgres database,
      Map<String, String> settings,
      Path logDir,
      List<String> jvmArgs) {
    Map<String, String> all = new java.util.HashMap<>(settings);
    all.put("gridweave.gateway.mqtt.port", Integer.toString(broker.port()));
    all.put("gridweave.gateway.instance-id", instanceId);
    return QuarkusServices.start(instanceId, jar(), httpPort, database, all, logDir, jvmArgs);
  }
}

package org.gridweave.devstack;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.gridweave.devstack.broker.Mosquitto;
import org.gridweave.devstack.database.EmbeddedPostgres;
import org.gridweave.devstack.process.ServiceProcess;

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
    Map<String, String> props =
        Map.of(
            "quarkus.http.port",
            Integer.toString(httpPort),
            "quarkus.datasource.reactive.url",
            database.reactiveUrl(),
            "quarkus.datasource.username",
            EmbeddedPostgres.USER,
            "quarkus.datasource.password",
            EmbeddedPostgres.PASSWORD,
            "gridweave.gateway.mqtt.port",
            Integer.toString(broker.port()),
            "gridweave.gateway.instance-id",
            instanceId,
            "quarkus.log.file.enabled",
            "false");
    ServiceProcess p =
        ServiceProcess.start(
            instanceId, jar(), jvmArgs, props, logDir.resolve(instanceId + ".log"));
    p.awaitHttpReady(
        URI.create("http://127.0.0.1:" + httpPort + "/q/health/ready"), Duration.ofSeconds(120));
    return p;
  }
}

package org.gridweave.gateway.it;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridweave.localinfra.BrokerAndDatabase;

/**
 * Starts the real parts the gateway talks to (from {@code local-infra}): an embedded PostgreSQL and
 * a Mosquitto broker process (Debian package; {@code ./gridweave test} installs it).
 */
public class GatewayInfrastructure implements QuarkusTestResourceLifecycleManager {
  /**
   * The broker drops publishes above 256 KiB; the test's 70 KB payload stays below, so that the
   * gateway's own 64 KiB check is what rejects it (OVERSIZED_PAYLOAD).
   */
  private static final String MESSAGE_SIZE_LIMIT = "message_size_limit 262144";

  static volatile int mqttPort;
  private BrokerAndDatabase infrastructure;

  @Override
  public Map<String, String> start() {
    infrastructure =
        BrokerAndDatabase.start(Path.of("target"), "gateway-it", List.of(MESSAGE_SIZE_LIMIT));
    mqttPort = infrastructure.broker().port();
    Map<String, String> config = new HashMap<>(infrastructure.database().quarkusDatasource());
    config.put("gridweave.gateway.mqtt.port", Integer.toString(mqttPort));
    config.put("gridweave.gateway.instance-id", "gw-test-" + ProcessHandle.current().pid());
    return config;
  }

  @Override
  public void stop() {
    if (infrastructure != null) {
      infrastructure.close();
    }
  }
}

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
  static volatile String jdbcUrl;

  /** Shared subscriptions, as instances scaled out on one broker use them. */
  static final String TELEMETRY_FILTER = "$share/gateway/gridweave/v1/+/+/telemetry";

  static final String BACKFILL_FILTER = "$share/gateway-backfill/gridweave/v1/+/+/backfill";
  private BrokerAndDatabase infrastructure;

  @Override
  public Map<String, String> start() {
    infrastructure =
        BrokerAndDatabase.start(Path.of("target"), "gateway-it", List.of(MESSAGE_SIZE_LIMIT));
    mqttPort = infrastructure.broker().port();
    jdbcUrl = infrastructure.database().jdbcUrl();
    Map<String, String> config = new HashMap<>(infrastructure.database().quarkusDatasource());
    config.put("gridweave.gateway.mqtt.port", Integer.toString(mqttPort));
    config.put("gridweave.gateway.instance-id", "gw-test-" + ProcessHandle.current().pid());
    config.put("gridweave.gateway.mqtt.telemetry-filter", TELEMETRY_FILTER);
    config.put("gridweave.gateway.mqtt.backfill-filter", BACKFILL_FILTER);
    config.put("gridweave.gateway.peers.heartbeat-every", "PT0.5S");
    config.put("gridweave.gateway.peers.adopt-after", "PT3S");
    config.put("gridweave.gateway.peers.quiet", "PT1S");
    return config;
  }

  @Override
  public void stop() {
    if (infrastructure != null) {
      infrastructure.close();
    }
  }
}

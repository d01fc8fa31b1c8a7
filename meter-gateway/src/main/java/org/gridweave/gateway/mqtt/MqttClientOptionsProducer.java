package org.gridweave.gateway.mqtt;

import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.mqtt.session.MqttClientSessionOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import org.gridweave.gateway.GatewayConfig;

/**
 * Client options of the two ingest channels. The SmallRye connector's default client sends the
 * PUBACK as soon as a message arrives; we switch that off so a message is acknowledged only after
 * its fate is committed to PostgreSQL (see docs/adr/0004-ack-after-commit.md).
 */
@ApplicationScoped
public class MqttClientOptionsProducer {
  @Produces
  @Identifier("gateway-telemetry")
  MqttClientSessionOptions telemetry(GatewayConfig config) {
    return options(config, "telemetry");
  }

  @Produces
  @Identifier("gateway-backfill")
  MqttClientSessionOptions backfill(GatewayConfig config) {
    return options(config, "backfill");
  }

  private static MqttClientSessionOptions options(GatewayConfig config, String channel) {
    MqttClientSessionOptions options = new MqttClientSessionOptions();
    options.setHostname(config.mqtt().host());
    options.setPort(config.mqtt().port());
    options.setClientId(config.instanceId() + "-" + channel);
    options.setCleanSession(false);
    options.setAutoAck(false);
    options.setMaxMessageSize(256 * 1024);
    options.setKeepAliveInterval(30);
    return options;
  }
}

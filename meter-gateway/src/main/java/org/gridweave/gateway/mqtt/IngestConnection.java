package org.gridweave.gateway.mqtt;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicBoolean;
import org.gridweave.gateway.ingest.Inbound;
import org.gridweave.gateway.ingest.IngestPipeline;
import org.jboss.logging.Logger;

/**
 * One persistent MQTT session feeding the ingest pipeline, on the Vert.x MQTT client (the client
 * the SmallRye connector wraps). The publish handler is in place before CONNECT, so messages the
 * broker queued for the session while the gateway was down are received, not dropped; automatic
 * PUBACK is off and each message is acknowledged on the connection's own context after its batch
 * committed. Reconnects every second until closed (see docs/adr/0004-ack-after-commit.md).
 */
final class IngestConnection {
  private static final Logger LOG = Logger.getLogger(IngestConnection.class);

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final String clientId;
  private final String filter;
  private final IngestPipeline pipeline;
  private final Clock clock;
  private final AtomicBoolean closed = new AtomicBoolean();
  private volatile MqttClient client;
  private volatile boolean connected;

  IngestConnection(
      Vertx vertx,
      String host,
      int port,
      String clientId,
      String filter,
      IngestPipeline pipeline,
      Clock clock) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.clientId = clientId;
    this.filter = filter;
    this.pipeline = pipeline;
    this.clock = clock;
  }

  void open() {
    if (closed.get()) {
      return;
    }
    MqttClientOptions options =
        new MqttClientOptions()
            .setClientId(clientId)
            .setCleanSession(false)
            .setMaxMessageSize(256 * 1024)
            .setKeepAliveInterval(30)
            .setAutoKeepAlive(true);
    options.setAutoAck(false);
    MqttClient c = MqttClient.create(vertx, options);
    c.publishHandler(message -> received(c, message));
    c.exceptionHandler(e -> LOG.warnf(e, "MQTT session %s: %s", clientId, e.getMessage()));
    c.closeHandler(ignored -> {
      if (connected) {
        LOG.warnf("MQTT session %s lost; reconnecting", clientId);
      }
      connected = false;
      retry();
    });
    client = c;
    c.connect(port, host)
        .compose(ack -> c.subscribe(filter, 1))
        .onSuccess(granted -> {
          connected = true;
          LOG.infof("MQTT session %s subscribed to %s", clientId, filter);
        })
        .onFailure(e -> {
          LOG.debugf("MQTT session %s: %s", clientId, e.getMessage());
          connected = false;
          c.disconnect();
          retry();
        });
  }

  private void retry() {
    if (!closed.get()) {
      vertx.setTimer(1000, id -> open());
    }
  }

  private void received(MqttClient from, MqttPublishMessage message) {
    Context context = Vertx.currentContext();
    byte[] payload = message.payload() == null ? new byte[0] : message.payload().getBytes();
    Runnable ack =
        message.qosLevel().value() == 0
            ? () -> {}
            : () -> context.runOnContext(ignored -> acknowledge(from, message));
    pipeline.submit(new Inbound(message.topicName(), payload, clock.instant(), ack));
  }

  /**
   * PUBACK on the connection the message came in on. If that connection is gone, the broker
   * delivers the message again on the next session (it was never acknowledged) and the store
   * recognises the redelivery, so there is nothing to do here.
   */
  private void acknowledge(MqttClient from, MqttPublishMessage message) {
    if (from == client && from.isConnected()) {
      message.ack();
    }
  }

  boolean connected() {
    return connected;
  }

  String clientId() {
    return clientId;
  }

  void close() {
    closed.set(true);
    MqttClient c = client;
    if (c != null && c.isConnected()) {
      c.disconnect();
    }
  }
}

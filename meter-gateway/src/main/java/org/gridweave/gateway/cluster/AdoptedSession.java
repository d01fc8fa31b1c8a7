package org.gridweave.gateway.cluster;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import java.time.Clock;
import java.time.Duration;
import org.gridweave.gateway.ingest.Inbound;
import org.gridweave.gateway.ingest.IngestPipeline;
import org.gridweave.gateway.peers.Drain;
import org.jboss.logging.Logger;

/**
 * One MQTT session of a dead peer, taken over: connected under the peer's client id (persistent
 * session, so the broker delivers what it queued there and keeps dealing the session its share),
 * every message stored through the same pipeline as the gateway's own (ack after commit), then
 * driven by {@link Drain}: leave the share group, disconnect, delete the session. No reconnects: if
 * the broker closes it (the peer is back and took its session, or the broker went away) the
 * adoption ends, and the next look at the peers decides again.
 */
final class AdoptedSession {
  private static final Logger LOG = Logger.getLogger(AdoptedSession.class);

  private final Vertx vertx;
  private final String host;
  private final int port;
  private final String clientId;
  private final String filter;
  private final IngestPipeline pipeline;
  private final Clock clock;
  private final Drain drain;
  private volatile MqttClient client;
  private volatile boolean leaving;
  private volatile boolean deleted;
  private volatile boolean connected;

  AdoptedSession(
      Vertx vertx,
      String host,
      int port,
      String clientId,
      String filter,
      IngestPipeline pipeline,
      Clock clock,
      Duration quiet) {
    this.vertx = vertx;
    this.host = host;
    this.port = port;
    this.clientId = clientId;
    this.filter = filter;
    this.pipeline = pipeline;
    this.clock = clock;
    this.drain = new Drain(clock.instant(), quiet);
  }

  void open() {
    MqttClient c = MqttClient.create(vertx, options(false));
    c.publishHandler(message -> received(c, message));
    c.exceptionHandler(e -> LOG.debugf("adopted session %s: %s", clientId, e.getMessage()));
    c.closeHandler(ignored -> {
      if (!leaving) {
        LOG.infof("adopted session %s was closed by the broker: its owner is back", clientId);
        drain.takenOver();
      }
    });
    client = c;
    c.connect(port, host)
        .onSuccess(ack -> {
          connected = true;
          LOG.infof("took over MQTT session %s", clientId);
        })
        .onFailure(e -> {
          LOG.infof("cannot take over MQTT session %s: %s", clientId, e.getMessage());
          drain.takenOver();
        });
  }

  private MqttClientOptions options(boolean clean) {
    MqttClientOptions o =
        new MqttClientOptions()
            .setClientId(clientId)
            .setCleanSession(clean)
            .setMaxMessageSize(256 * 1024)
            .setKeepAliveInterval(30)
            .setAutoKeepAlive(true);
    o.setAutoAck(false);
    return o;
  }

  private void received(MqttClient from, MqttPublishMessage message) {
    drain.received(clock.instant());
    Context context = Vertx.currentContext();
    byte[] payload = message.payload() == null ? new byte[0] : message.payload().getBytes();
    Runnable settle =
        () ->
            context.runOnContext(ignored -> {
              if (message.qosLevel().value() > 0 && from.isConnected()) {
                message.ack();
              }
              drain.committed(clock.instant());
            });
    pipeline.submit(new Inbound(message.topicName(), payload, clock.instant(), settle));
  }

  /** Moves the take-over on (called about every heartbeat). */
  void step() {
    if (!connected) {
      return;
    }
    switch (drain.next(clock.instant())) {
      case UNSUBSCRIBE -> {
        LOG.infof("adopted session %s: leaving %s on its behalf", clientId, filter);
        client.unsubscribe(filter);
      }
      case RETIRE -> {
        LOG.infof("adopted session %s drained (%d messages)", clientId, drain.receivedMessages());
        leaving = true;
        client.disconnect().onComplete(ignored -> deleteSession());
      }
      case NONE -> {}
    }
  }

  /** A clean session under the same id deletes the persistent one on the broker. */
  private void deleteSession() {
    MqttClient cleaner = MqttClient.create(vertx, options(true));
    cleaner
        .connect(port, host)
        .compose(ack -> cleaner.disconnect())
        .onSuccess(ignored -> {
          deleted = true;
          LOG.infof("deleted MQTT session %s", clientId);
        })
        .onFailure(e -> {
          LOG.infof("cannot delete MQTT session %s: %s", clientId, e.getMessage());
          drain.takenOver();
        });
  }

  /** Drained, left the group and deleted. */
  boolean retired() {
    return deleted;
  }

  /** Ended without retiring: taken back by its owner, or the broker was not there. */
  boolean abandoned() {
    return drain.phase() == Drain.Phase.TAKEN_OVER;
  }

  long receivedMessages() {
    return drain.receivedMessages();
  }

  /** Stops without deleting anything (the adoption is given up). */
  void close() {
    leaving = true;
    MqttClient c = client;
    if (c != null && c.isConnected()) {
      c.disconnect();
    }
  }
}

package org.gridweave.gateway.mqtt;

import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.gridweave.gateway.ingest.Inbound;
import org.gridweave.gateway.ingest.IngestPipeline;
import org.jboss.logging.Logger;

/**
 * Hands every telemetry and backfill message to the ingest core. The broker's acknowledgement is
 * deferred: the core settles the message after the commit and the PUBACK goes out then.
 */
@ApplicationScoped
public class TelemetryConsumer {
  private static final Logger LOG = Logger.getLogger(TelemetryConsumer.class);
  private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

  @Inject IngestPipeline pipeline;
  @Inject Clock clock;

  @Incoming("telemetry")
  public CompletionStage<Void> telemetry(Message<byte[]> message) {
    return hand(message);
  }

  @Incoming("backfill")
  public CompletionStage<Void> backfill(Message<byte[]> message) {
    return hand(message);
  }

  private CompletionStage<Void> hand(Message<byte[]> message) {
    var metadata = message.getMetadata(ReceivingMqttMessageMetadata.class);
    if (metadata.isEmpty()) {
      LOG.warn("MQTT message without connector metadata ignored");
      return DONE;
    }
    var publish = metadata.get().getMessage();
    byte[] payload = message.getPayload() == null ? new byte[0] : message.getPayload();
    // The PUBACK must be written from the connection's own Vert.x context: acknowledging from the
    // ingest thread raced with the event loop and corrupted the connection.
    io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
    Runnable ack =
        context == null ? publish::ack : () -> context.runOnContext(ignored -> publish.ack());
    pipeline.submit(new Inbound(publish.topicName(), payload, clock.instant(), ack));
    return DONE;
  }
}

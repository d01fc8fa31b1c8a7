package org.gridweave.controller.service.market;

import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.gridweave.controller.market.Market;
import org.gridweave.controller.market.OrderReason;
import org.gridweave.controller.market.OrderRejected;
import org.gridweave.core.protocol.OrderMessage;
import org.gridweave.core.protocol.ProtocolException;
import org.gridweave.core.protocol.Topic;
import org.jboss.logging.Logger;

/**
 * Signed orders from meters on {@code gridweave/v1/{site}/{meter}/order}: decoded with the
 * protocol's codec, checked against the topic, verified with the key the gateway registered for the
 * meter, then placed or cancelled. A refused order is logged with its reason code and counted; the
 * channel goes on.
 */
@ApplicationScoped
public class OrderChannel {
  private static final Logger LOG = Logger.getLogger(OrderChannel.class);

  @Inject MarketService market;
  @Inject MeterRegistry registry;

  private final AtomicLong refused = new AtomicLong();

  @Incoming("orders")
  @Blocking
  public CompletionStage<Void> receive(Message<byte[]> message) {
    String topicName =
        message.getMetadata(ReceivingMqttMessageMetadata.class).map(m -> m.getTopic()).orElse("");
    try {
      handle(topicName, message.getPayload());
    } catch (OrderRejected e) {
      refused.incrementAndGet();
      LOG.warnf("order on %s refused (%s): %s", topicName, e.reason(), e.getMessage());
    } catch (RuntimeException e) {
      refused.incrementAndGet();
      LOG.warnf("order on %s refused: %s", topicName, e.getMessage());
    }
    return message.ack();
  }

  void handle(String topicName, byte[] payload) {
    OrderMessage o;
    Topic topic;
    try {
      topic = Topic.parse(topicName);
      o = OrderMessage.decode(payload);
    } catch (ProtocolException e) {
      throw new OrderRejected(OrderReason.INVALID_ORDER, e.reason() + ": " + e.getMessage());
    }
    if (!o.meter().equals(topic.meter()) || !o.site().equals(topic.site())) {
      throw new OrderRejected(
          OrderReason.INVALID_ORDER, "the order's meter and site differ from its topic's");
    }
    MeterRegistry.Registered r =
        registry
            .find(o.meter())
            .orElseThrow(() ->
                new OrderRejected(
                    OrderReason.UNKNOWN_METER, "meter " + o.meter() + " is not registered"));
    if (r.revoked()) {
      throw new OrderRejected(OrderReason.REVOKED_METER, "meter " + o.meter() + " was revoked");
    }
    if (!o.isSignedBy(r.key())) {
      throw new OrderRejected(
          OrderReason.FORGED_SIGNATURE,
          "the signature does not match meter " + o.meter() + "'s key");
    }
    if (o.cancel()) {
      market.cancel(o.id(), o.meter());
    } else {
      market.submit(
          new Market.Request(
              o.id(),
              o.meter(),
              o.bid(),
              o.interval(),
              o.energyWh(),
              o.limitPriceMicros(),
              o.localOnly(),
              o.renewableOnly()),
          "mqtt");
    }
  }

  public long refusedCount() {
    return refused.get();
  }
}

package org.gridweave.controller.service.commands;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.protocol.Command;
import org.gridweave.core.protocol.CommandAck;
import org.gridweave.core.protocol.ProtocolException;
import org.gridweave.core.protocol.Topic;
import org.jboss.logging.Logger;

/**
 * Setpoints out on {@code gridweave/v1/{site}/{meter}/cmd} (QoS 1, not retained: a meter with a
 * persistent session receives what was sent while it was briefly away), answers in on {@code
 * .../ack}. An ack is decoded with the protocol's own codec; one that is malformed, comes from
 * another meter than its topic names, or answers no command we sent is logged and dropped.
 */
@ApplicationScoped
public class CommandChannel {
  private static final Logger LOG = Logger.getLogger(CommandChannel.class);

  @Inject
  @Channel("commands")
  Emitter<byte[]> emitter;

  @Inject CommandStore store;

  public void send(SiteId site, Command command) {
    String topic = Topic.of(site, command.meter(), Topic.Kind.CMD).name();
    emitter.send(
        MqttMessage.of(topic, command.encode(), MqttQoS.AT_LEAST_ONCE, false)
            .withNack(e -> {
              LOG.warnf("could not send %s to %s: %s", command.id(), topic, e.getMessage());
              return CompletableFuture.completedFuture(null);
            }));
  }

  @Incoming("acks")
  public CompletionStage<Void> ack(Message<byte[]> message) {
    String topicName =
        message.getMetadata(ReceivingMqttMessageMetadata.class).map(m -> m.getTopic()).orElse("");
    CommandAck ack;
    try {
      Topic topic = Topic.parse(topicName);
      ack = CommandAck.decode(message.getPayload());
      if (!ack.meter().equals(topic.meter())) {
        LOG.warnf("ack on %s names meter %s; dropped", topicName, ack.meter());
        return message.ack();
      }
    } catch (ProtocolException | RuntimeException e) {
      LOG.warnf("malformed ack on %s dropped: %s", topicName, e.getMessage());
      return message.ack();
    }
    return store
        .answer(ack)
        .onItem()
        .invoke(found -> {
          if (!found) {
            LOG.debugf("ack %s from %s answers no open command", ack.commandId(), ack.meter());
          }
        })
        .onFailure()
        .invoke(e -> LOG.warnf("could not record ack %s: %s", ack.commandId(), e.getMessage()))
        .onFailure()
        .recoverWithNull()
        .subscribeAsCompletionStage()
        .thenCompose(x -> message.ack());
  }
}

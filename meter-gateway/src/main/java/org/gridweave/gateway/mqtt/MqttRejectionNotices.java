package org.gridweave.gateway.mqtt;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.gridweave.core.protocol.ProtocolException;
import org.gridweave.core.protocol.Rejection;
import org.gridweave.core.protocol.Topic;
import org.gridweave.gateway.ingest.RejectedMessage;
import org.gridweave.gateway.ingest.RejectionNotices;
import org.jboss.logging.Logger;

/** Publishes each rejection on the meter's {@code rejected} topic, when the topic names one. */
@ApplicationScoped
public class MqttRejectionNotices implements RejectionNotices {
  private static final Logger LOG = Logger.getLogger(MqttRejectionNotices.class);

  @Inject
  @Channel("rejected")
  @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 10_000)
  Emitter<byte[]> emitter;

  @Override
  public void publish(RejectedMessage r) {
    Topic topic;
    try {
      topic = Topic.parse(r.topic()).withKind(Topic.Kind.REJECTED);
    } catch (ProtocolException e) {
      return;
    }
    byte[] payload =
        new Rejection(r.reason(), r.explanation(), r.topic(), r.sequence(), r.receivedAt())
            .encode();
    try {
      emitter.send(MqttMessage.of(topic.name(), payload, MqttQoS.AT_LEAST_ONCE, false));
    } catch (RuntimeException e) {
      LOG.debugf("rejection notice for %s dropped: %s", r.topic(), e.getMessage());
    }
  }
}

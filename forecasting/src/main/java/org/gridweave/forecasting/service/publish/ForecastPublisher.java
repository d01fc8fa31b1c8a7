package org.gridweave.forecasting.service.publish;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.smallrye.reactive.messaging.mqtt.MqttMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.gridweave.forecasting.service.ForecastingConfig;
import org.gridweave.forecasting.service.forecast.ForecastView;
import org.jboss.logging.Logger;

/**
 * Publishes each fresh forecast on {@code gridweave/v1/forecasts/{target}} (QoS 1, retained), or
 * {@code gridweave/v1/forecasts/{target}/{step}} for a step other than the gateway's interval. The
 * payload is the JSON of {@code GET /forecasts/{target}} with the default quantiles.
 */
@ApplicationScoped
public class ForecastPublisher {
  private static final Logger LOG = Logger.getLogger(ForecastPublisher.class);

  @Inject
  @Channel("forecasts")
  Emitter<String> emitter;

  @Inject ObjectMapper json;
  @Inject ForecastingConfig config;

  public static String topic(String prefix, String target, String step, boolean atInterval) {
    return prefix + "/" + target + (atInterval ? "" : "/" + step);
  }

  public void publish(ForecastView view, boolean atInterval) {
    String topic = topic(config.mqtt().topicPrefix(), view.target(), view.step(), atInterval);
    String payload;
    try {
      payload = json.writeValueAsString(view);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    emitter.send(
        MqttMessage.of(topic, payload, MqttQoS.AT_LEAST_ONCE, config.mqtt().retain())
            .withAck(() -> {
              LOG.infof("published forecast on %s (%d steps)", topic, view.rows().size());
              return java.util.concurrent.CompletableFuture.completedFuture(null);
            })
            .withNack(e -> {
              LOG.warnf("could not publish the forecast on %s: %s", topic, e.getMessage());
              return java.util.concurrent.CompletableFuture.completedFuture(null);
            }));
  }
}

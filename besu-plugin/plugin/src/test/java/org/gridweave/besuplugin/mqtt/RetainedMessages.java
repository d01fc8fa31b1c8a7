package org.gridweave.besuplugin.mqtt;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * What a broker retains under a topic filter, read by a fresh subscriber. A sentinel topic,
 * subscribed last, marks the end: the broker sends each subscription's retained messages in order.
 */
public final class RetainedMessages {

  public static final String SENTINEL = "gridweave/test/sentinel";

  private RetainedMessages() {}

  /** Requires a retained message on {@link #SENTINEL}. */
  public static Map<String, String> read(String brokerUri, String filter) throws MqttException {
    Map<String, String> retained = new ConcurrentHashMap<>();
    MqttClient client =
        new MqttClient(brokerUri, "reader-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    client.connect(options);
    try {
      client.subscribe(
          filter,
          1,
          (topic, message) -> {
            if (message.isRetained()) {
              retained.put(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
            }
          });
      Map<String, Boolean> done = new ConcurrentHashMap<>();
      client.subscribe(SENTINEL, 1, (topic, message) -> done.put(topic, true));
      await().atMost(Duration.ofSeconds(20)).until(() -> done.containsKey(SENTINEL));
      return Map.copyOf(retained);
    } finally {
      client.disconnect();
      client.close();
    }
  }
}

package org.gridweave.devstack.chain;

import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.gridweave.firmware.settlement.FinalisedInterval;
import org.gridweave.firmware.settlement.FinalisedIntervals;

/**
 * What a meter hears on {@code gridweave/v1/settlement/+}: a subscriber feeding the firmware's own
 * {@link FinalisedIntervals} (the store behind {@code Meter.settlements()}), which also keeps every
 * payload per topic. {@link #retained} reads what the broker retains with a fresh subscriber.
 */
final class MeterSide implements AutoCloseable {

  static final String SENTINEL = "gridweave/test/sentinel";

  final FinalisedIntervals settlements = new FinalisedIntervals("m-test", 96);
  final Map<String, List<String>> payloads = new ConcurrentHashMap<>();
  private final MqttClient client;

  MeterSide(String brokerUri) throws MqttException {
    client = new MqttClient(brokerUri, "meter-side-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    client.connect(options);
    client.subscribe(
        FinalisedInterval.TOPIC_FILTER,
        1,
        (topic, message) -> {
          payloads
              .computeIfAbsent(topic, t -> new CopyOnWriteArrayList<>())
              .add(new String(message.getPayload(), StandardCharsets.UTF_8));
          settlements.accept(topic, message.getPayload());
        });
  }

  List<String> payloads(String topic) {
    return payloads.getOrDefault(topic, List.of());
  }

  @Override
  public void close() throws MqttException {
    client.disconnect();
    client.close();
  }

  /**
   * The retained messages under {@code filter}, read by a fresh subscriber. A retained sentinel,
   * subscribed last, marks the end: the broker sends each subscription's retained messages in
   * order.
   */
  static Map<String, String> retained(String brokerUri, String filter) throws MqttException {
    Map<String, String> retained = new ConcurrentHashMap<>();
    MqttClient reader =
        new MqttClient(brokerUri, "reader-" + System.nanoTime(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    options.setCleanSession(true);
    reader.connect(options);
    try {
      MqttMessage sentinel = new MqttMessage("end".getBytes(StandardCharsets.UTF_8));
      sentinel.setQos(1);
      sentinel.setRetained(true);
      reader.publish(SENTINEL, sentinel);
      reader.subscribe(
          filter,
          1,
          (topic, message) -> {
            if (message.isRetained()) {
              retained.put(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
            }
          });
      Map<String, Boolean> done = new ConcurrentHashMap<>();
      reader.subscribe(SENTINEL, 1, (topic, message) -> done.put(topic, true));
      await().atMost(Duration.ofSeconds(20)).until(() -> done.containsKey(SENTINEL));
      return Map.copyOf(retained);
    } finally {
      reader.disconnect();
      reader.close();
    }
  }
}

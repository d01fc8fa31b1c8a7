package org.gridweave.besuplugin.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gridweave.besuplugin.core.Fixtures.T0;
import static org.gridweave.besuplugin.core.Fixtures.at;
import static org.gridweave.besuplugin.core.Fixtures.removed;
import static org.gridweave.besuplugin.core.Fixtures.settled;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.gridweave.besuplugin.core.bridge.SettlementBridge;
import org.gridweave.besuplugin.core.bridge.SettlementMessage;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Paho publisher and the bridge against a real Mosquitto broker. */
class PahoPublisherTest {

  private static final Duration RETRY = Duration.ofMillis(200);
  private static final Duration PATIENCE = Duration.ofSeconds(30);

  private Mosquitto broker;
  private PahoPublisher publisher;

  @BeforeEach
  void broker() throws Exception {
    assumeTrue(
        Mosquitto.binary().isPresent(),
        "NOTICE: mosquitto is not installed: MQTT bridge tests SKIPPED ("
            + Mosquitto.NOT_INSTALLED
            + ")");
    Path dir = Files.createTempDirectory(Path.of("target"), "mqtt");
    broker = Mosquitto.start(dir, Ports.free());
  }

  @AfterEach
  void close() {
    if (publisher != null) {
      publisher.close();
    }
    if (broker != null) {
      broker.stop();
    }
  }

  @Test
  void keepsPublicationsThroughABrokerRestartAndSendsThemWhenItIsBack() throws Exception {
    // Given a connected publisher that has published ten intervals
    publisher = PahoPublisher.start(URI.create(broker.uri()), "energy-test", RETRY);
    await().atMost(PATIENCE).until(publisher::isConnected);
    Map<String, String> expected = new HashMap<>();
    publishIntervals(0, 10, expected);

    // When the broker goes away while ten more are published, then comes back
    broker.stop();
    await().atMost(PATIENCE).until(() -> !publisher.isConnected());
    publishIntervals(10, 20, expected);
    assertThat(publisher.pending()).isPositive();
    broker.restart();
    publishIntervals(20, 25, expected);

    // Then all of them are retained by the broker
    await().atMost(PATIENCE).until(() -> publisher.isConnected() && publisher.pending() == 0);
    publisher.publishRetained(RetainedMessages.SENTINEL, bytes("end"));
    await().atMost(PATIENCE).until(() -> publisher.pending() == 0);
    assertThat(RetainedMessages.read(broker.uri(), "gridweave/v1/settlement/#"))
        .isEqualTo(expected);
  }

  @Test
  void waitsForABrokerThatIsDownAtStart() throws Exception {
    // Given the broker is down when the publisher starts
    broker.stop();
    publisher = PahoPublisher.start(URI.create(broker.uri()), "energy-test", RETRY);
    publisher.publishRetained(SettlementMessage.topic(T0), bytes("{\"early\":true}"));

    // When it comes up
    broker.restart();

    // Then the publication arrives
    await().atMost(PATIENCE).until(() -> publisher.pending() == 0);
    publisher.publishRetained(RetainedMessages.SENTINEL, bytes("end"));
    await().atMost(PATIENCE).until(() -> publisher.pending() == 0);
    assertThat(RetainedMessages.read(broker.uri(), "gridweave/v1/settlement/#"))
        .isEqualTo(Map.of(SettlementMessage.topic(T0), "{\"early\":true}"));
  }

  @Test
  void theBridgeClearsTheRetainedSettlementOfARemovedLog() throws Exception {
    // Given two intervals published by the bridge
    publisher = PahoPublisher.start(URI.create(broker.uri()), "energy-test", RETRY);
    SettlementBridge bridge = new SettlementBridge(publisher);
    bridge.onLog(settled(T0, at(10)));
    bridge.onLog(settled(T0 + 900, at(11)));

    // When a re-org removes the second one's log
    bridge.onLog(removed(settled(T0 + 900, at(11))));

    // Then only the first is retained
    publisher.publishRetained(RetainedMessages.SENTINEL, bytes("end"));
    await().atMost(PATIENCE).until(() -> publisher.pending() == 0);
    assertThat(RetainedMessages.read(broker.uri(), "gridweave/v1/settlement/#"))
        .containsOnlyKeys(SettlementMessage.topic(T0));
  }

  private void publishIntervals(int from, int to, Map<String, String> expected) {
    for (int i = from; i < to; i++) {
      String topic = SettlementMessage.topic(T0 + 900L * i);
      String payload = "{\"interval\":" + i + "}";
      publisher.publishRetained(topic, bytes(payload));
      expected.put(topic, payload);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}

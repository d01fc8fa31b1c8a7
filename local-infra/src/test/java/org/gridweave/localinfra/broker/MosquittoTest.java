package org.gridweave.localinfra.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.StartupFailedException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoTest {

  private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(20);
  private static final int QOS_1 = 1;

  @TempDir Path dir;
  private Mosquitto broker;
  private final List<MqttClient> clients = new ArrayList<>();

  @BeforeAll
  static void requireMosquitto() {
    assumeTrue(Mosquitto.binary().isPresent(), "SKIPPED: " + Mosquitto.NOT_INSTALLED);
  }

  @BeforeEach
  void startBroker() {
    broker = Mosquitto.start(dir, Ports.free());
  }

  @AfterEach
  void stopEverything() throws MqttException {
    for (MqttClient client : clients) {
      if (client.isConnected()) {
        client.disconnect();
      }
      client.close(true);
    }
    broker.close();
  }

  @Test
  void acceptsConnectionsOnLoopbackOnceStarted() throws MqttException {
    assertThat(broker.uri()).isEqualTo("tcp://127.0.0.1:" + broker.port());
    assertThat(Ports.accepting(broker.port())).isTrue();

    MqttClient client = connect("probe", true, null);

    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void persistentSessionReceivesEverythingPublishedWhileOfflineAcrossAGracefulRestart()
      throws MqttException {
    // Given a persistent subscriber that has gone offline
    MqttClient subscriber = connect("meter-gateway-1", false, null);
    subscriber.subscribe("readings/#", QOS_1);
    subscriber.disconnect();
    // When 200 messages are published and the broker restarts
    publish("readings/m1", 200);
    broker.restart();
    // Then the subscriber gets all of them when it comes back
    Set<String> received = Collections.synchronizedSet(new HashSet<>());
    connect("meter-gateway-1", false, received);

    await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(received).hasSize(200));
    assertThat(received).containsExactlyInAnyOrderElementsOf(payloads(200));
  }

  @Test
  void sharedSubscriptionSplitsMessagesBetweenSubscribersWithoutDuplicates() throws MqttException {
    List<String> first = Collections.synchronizedList(new ArrayList<>());
    List<String> second = Collections.synchronizedList(new ArrayList<>());
    connect("gateway-a", true, first).subscribe("$share/g/readings/#", QOS_1);
    connect("gateway-b", true, second).subscribe("$share/g/readings/#", QOS_1);

    publish("readings/m2", 100);

    await()
        .atMost(DELIVERY_TIMEOUT)
        .untilAsserted(() -> assertThat(first.size() + second.size()).isEqualTo(100));
    List<String> all = new ArrayList<>(first);
    all.addAll(second);
    assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(payloads(100));
    assertThat(first).isNotEmpty();
    assertThat(second).isNotEmpty();
  }

  @Test
  void persistentSessionReceivesWhatWasQueuedBeforeAStopOnceRestarted() throws MqttException {
    // Given a persistent subscriber offline with 50 messages queued for it
    MqttClient subscriber = connect("meter-gateway-2", false, null);
    subscriber.subscribe("readings/#", QOS_1);
    subscriber.disconnect();
    publish("readings/m3", 50);
    // When the broker stops, stays down a while, then comes back on the same port
    broker.stop();
    assertThat(broker.isAlive()).isFalse();
    assertThat(Ports.accepting(broker.port())).isFalse();
    broker.restart();
    // Then the subscriber gets all of them
    Set<String> received = Collections.synchronizedSet(new HashSet<>());
    connect("meter-gateway-2", false, received);

    await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(received).hasSize(50));
  }

  @Test
  void restartBringsAKilledBrokerBack() throws MqttException {
    broker.kill();
    assertThat(broker.isAlive()).isFalse();

    broker.restart();

    assertThat(connect("after-crash", true, null).isConnected()).isTrue();
  }

  @Test
  void refusesAPortThatIsAlreadyTaken(@TempDir Path otherDir) {
    assertThatThrownBy(() -> Mosquitto.start(otherDir, broker.port()))
        .isInstanceOf(StartupFailedException.class)
        .hasMessageContaining("already taken");
  }

  @Test
  void refusesToStartWithoutAMosquittoBinaryNamingHowToInstallIt(@TempDir Path otherDir) {
    assertThatThrownBy(() -> Mosquitto.start(Optional.empty(), otherDir, Ports.free(), List.of()))
        .isInstanceOf(StartupFailedException.class)
        .hasMessage(Mosquitto.NOT_INSTALLED)
        .hasMessageContaining("apt-get install -y mosquitto");
  }

  @Test
  void configurationListensOnLoopbackAndKeepsSessions() {
    assertThat(broker.configuration())
        .contains("listener " + broker.port() + " 127.0.0.1")
        .contains("persistence true")
        .contains("max_queued_messages 10000000")
        .contains("user " + System.getProperty("user.name") + "\n")
        .doesNotContain("persistent_client_expiration");
  }

  @Test
  void extraConfigurationLinesApplyAndSurviveARestart(@TempDir Path otherDir) throws MqttException {
    // Given a broker that drops messages above 1000 bytes, restarted once
    broker.close();
    broker = Mosquitto.start(otherDir, Ports.free(), List.of("message_size_limit 1000"));
    broker.restart();
    List<String> received = Collections.synchronizedList(new ArrayList<>());
    connect("limited", true, received).subscribe("readings/#", QOS_1);
    // When a message above the limit and one below it are published
    MqttClient publisher = connect("publisher-limited", true, null);
    publisher.publish(
        "readings/big", "x".repeat(2000).getBytes(StandardCharsets.UTF_8), QOS_1, false);
    publisher.publish("readings/small", "small".getBytes(StandardCharsets.UTF_8), QOS_1, false);
    // Then only the small one arrives
    await().atMost(DELIVERY_TIMEOUT).untilAsserted(() -> assertThat(received).contains("small"));
    assertThat(received).containsExactly("small");
    assertThat(broker.configuration()).endsWith("message_size_limit 1000\n");
  }

  private MqttClient connect(
      String clientId, boolean cleanSession, java.util.Collection<String> sink)
      throws MqttException {
    MqttClient client = new MqttClient(broker.uri(), clientId, new MemoryPersistence());
    clients.add(client);
    if (sink != null) {
      client.setCallback(collectingInto(sink));
    }
    MqttConnectOptions options = new MqttConnectOptions();
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setCleanSession(cleanSession);
    options.setAutomaticReconnect(false);
    // Paho 1.2.5 frees an in-flight slot only after a synchronous publish returns: with its
    // default window of 10, back-to-back publishes fail with "Too many publishes in progress".
    options.setMaxInflight(Mosquitto.MAX_INFLIGHT_MESSAGES);
    client.connect(options);
    return client;
  }

  private void publish(String topic, int count) throws MqttException {
    MqttClient publisher = connect("publisher-" + topic.replace('/', '-'), true, null);
    for (String payload : payloads(count)) {
      MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
      message.setQos(QOS_1);
      publisher.publish(topic, message);
    }
    publisher.disconnect();
  }

  private static List<String> payloads(int count) {
    return IntStream.range(0, count).mapToObj(i -> "reading-" + i).toList();
  }

  private static MqttCallback collectingInto(java.util.Collection<String> sink) {
    return new MqttCallback() {
      @Override
      public void connectionLost(Throwable cause) {}

      @Override
      public void messageArrived(String topic, MqttMessage message) {
        sink.add(new String(message.getPayload(), StandardCharsets.UTF_8));
      }

      @Override
      public void deliveryComplete(IMqttDeliveryToken token) {}
    };
  }
}

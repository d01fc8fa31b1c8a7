package org.gridweave.firmware.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.stream.LongStream;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.protocol.TelemetryCodec;
import org.gridweave.core.protocol.TelemetryMessage;
import org.gridweave.core.protocol.Topic;
import org.gridweave.firmware.Meter;
import org.gridweave.firmware.MeterSettings;
import org.gridweave.firmware.RecordingProducedLog;
import org.gridweave.firmware.site.SimulatedSite;
import org.gridweave.firmware.site.SiteRatings;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A meter on PahoTransport against a real Mosquitto that goes away and comes back. */
class MeterOverMosquittoTest {
  private static final MeterId METER = MeterId.of("m-it-1");
  private static final SiteId SITE = SiteId.of("s-it-1");

  @TempDir Path state;

  @Test
  void everyProducedSequenceArrivesLiveOrOnBackfillAcrossABrokerRestart() throws Exception {
    MeterKeyPair key = MeterKeyPair.fromSeed(new byte[32]);
    TelemetryCodec codec = new TelemetryCodec();
    Set<Long> live = ConcurrentHashMap.newKeySet();
    Set<Long> backfill = ConcurrentHashMap.newKeySet();
    Set<Long> badSignatures = ConcurrentHashMap.newKeySet();
    RecordingProducedLog produced = new RecordingProducedLog();
    ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    assumeTrue(Mosquitto.binary().isPresent(), "SKIPPED: " + Mosquitto.NOT_INSTALLED);

    // The broker's persistence keeps the subscriber's session across the restart, so what the
    // meter sends before that subscriber is back still reaches it.
    try (Mosquitto broker = Mosquitto.start(Path.of("target", "mosquitto-it"), Ports.free())) {
      MqttClient subscriber =
          new MqttClient(
              broker.uri(), "it-subscriber-" + System.nanoTime(), new MemoryPersistence());
      MqttConnectOptions subOptions = new MqttConnectOptions();
      subOptions.setCleanSession(false);
      subOptions.setAutomaticReconnect(true);
      subOptions.setMaxReconnectDelay(500);
      subscriber.setCallback(
          new MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {}

            @Override
            public void messageArrived(String topic, MqttMessage message) throws Exception {
              TelemetryMessage m = codec.decode(message.getPayload());
              if (!m.isSignedBy(key.publicKey())) {
                badSignatures.add(m.sequence());
              }
              (Topic.parse(topic).kind() == Topic.Kind.BACKFILL ? backfill : live)
                  .add(m.sequence());
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {}
          });
      subscriber.connect(subOptions);
      Topic telemetry = Topic.of(SITE, METER, Topic.Kind.TELEMETRY);
      subscriber.subscribe(
          new String[] {telemetry.name(), telemetry.withKind(Topic.Kind.BACKFILL).name()},
          new int[] {1, 1});

      PahoTransport transport =
          new PahoTransport(
              new PahoTransport.Options(
                  broker.uri(),
                  1000,
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(5),
                  Duration.ofMillis(500)),
              METER,
              SITE,
              MeterSettings.FIRMWARE_VERSION,
              Clock.systemUTC());
      Meter meter =
          new Meter(
              MeterSettings.defaults(METER, SITE)
                  .withPeriods(Duration.ofMillis(50), Duration.ofMillis(200))
                  .withFsync(false),
              key,
              new SimulatedSite(SiteRatings.typicalHouse(), 5),
              transport,
              state,
              Clock.systemUTC(),
              produced);
      try {
        transport.start();
        meter.start(scheduler);
        await("live telemetry").atMost(Duration.ofSeconds(20)).until(() -> live.size() >= 3);

        broker.stop();
        long producedBeforeOutage = produced.highestSequence(METER).orElseThrow();
        await("messages spooled while the broker is down")
            .atMost(Duration.ofSeconds(20))
            .until(() ->
                produced.highestSequence(METER).orElseThrow() >= producedBeforeOutage + 5
                    && meter.pendingCount() >= 5);

        broker.restart();
        await("backfill after the broker is back")
            .atMost(Duration.ofSeconds(30))
            .until(() -> !backfill.isEmpty() && meter.pendingCount() == 0);
        long highest = produced.highestSequence(METER).orElseThrow();
        await("every sequence up to " + highest)
            .atMost(Duration.ofSeconds(30))
            .untilAsserted(() -> {
              Set<Long> all = ConcurrentHashMap.newKeySet();
              all.addAll(live);
              all.addAll(backfill);
              assertThat(all).containsAll(LongStream.rangeClosed(0, highest).boxed().toList());
            });
      } finally {
        meter.close();
        transport.close();
        scheduler.shutdownNow();
        subscriber.disconnect();
        subscriber.close();
      }
      Set<Long> all = ConcurrentHashMap.newKeySet();
      all.addAll(live);
      all.addAll(backfill);
      long last = produced.highestSequence(METER).orElseThrow();
      assertThat(all).allMatch(seq -> seq >= 0 && seq <= last, "was produced by the meter");
      assertThat(badSignatures).isEmpty();
      assertThat(backfill).isNotEmpty();
    }
  }
}

package org.gridweave.firmware.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.firmware.Meter;
import org.gridweave.firmware.MeterSettings;
import org.gridweave.firmware.settlement.FinalisedInterval;
import org.gridweave.firmware.site.SimulatedSite;
import org.gridweave.firmware.site.SiteRatings;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A meter on a real Mosquitto hears of settled intervals the way the Besu plugin announces them.
 */
class SettlementOverMosquittoTest {
  private static final MeterId METER = MeterId.of("m-settle-1");
  private static final SiteId SITE = SiteId.of("s-settle-1");

  @TempDir Path dir;

  /** What the Besu plugin's bridge publishes (SettlementMessage.json, docs/protocol.md). */
  private static byte[] announcement(long intervalId, long block) {
    return ("{\"interval_id\":"
            + intervalId
            + ",\"trades_root\":\"0x"
            + "a1".repeat(32)
            + "\",\"readings_root\":\"0x"
            + "b2".repeat(32)
            + "\",\"parts\":1,\"block_number\":"
            + block
            + ",\"block_hash\":\"0x"
            + "d4".repeat(32)
            + "\",\"tx_hash\":\"0x"
            + "c3".repeat(32)
            + "\",\"log_index\":0}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void receivesRetainedAndLiveAnnouncementsDropsGarbageAndHonoursARetraction() throws Exception {
    assumeTrue(Mosquitto.binary().isPresent(), "SKIPPED: " + Mosquitto.NOT_INSTALLED);
    try (Mosquitto broker = Mosquitto.start(dir.resolve("broker"), Ports.free());
        MqttClient bridge = new MqttClient(broker.uri(), "bridge", new MemoryPersistence())) {
      // Given the bridge announced an interval (retained) and someone left garbage retained too,
      // both before the meter connects
      bridge.connect();
      bridge.publish("gridweave/v1/settlement/1782036000", announcement(1782036000L, 41), 1, true);
      bridge.publish(
          "gridweave/v1/settlement/1782036900",
          "{\"interval_id\":\"soon\"}".getBytes(StandardCharsets.UTF_8),
          1,
          true);

      PahoTransport transport =
          new PahoTransport(
              new PahoTransport.Options(
                  broker.uri(),
                  100,
                  Duration.ofSeconds(30),
                  Duration.ofSeconds(5),
                  Duration.ofMillis(500)),
              METER,
              SITE,
              MeterSettings.FIRMWARE_VERSION,
              Clock.systemUTC());
      try (Meter meter =
          new Meter(
              MeterSettings.defaults(METER, SITE)
                  .withPeriods(Duration.ofMillis(100), Duration.ofMillis(500))
                  .withFsync(false),
              MeterKeyPair.fromSeed(new byte[32]),
              new SimulatedSite(SiteRatings.typicalHouse(), 3),
              transport,
              dir.resolve("state"),
              Clock.systemUTC(),
              null)) {
        // When the meter connects
        transport.start();

        // Then it has the retained interval and dropped the garbage
        await("the retained announcement")
            .atMost(Duration.ofSeconds(20))
            .until(() -> meter.settlements().get(1782036000L).isPresent());
        await("the garbage dropped")
            .atMost(Duration.ofSeconds(20))
            .until(() -> meter.settlements().dropped() == 1);
        assertThat(meter.settlements().get(1782036000L).orElseThrow().blockNumber()).isEqualTo(41);

        // and live garbage does not stop it hearing the next interval
        bridge.publish(
            "gridweave/v1/settlement/1782037800",
            "\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1),
            1,
            false);
        bridge.publish(
            "gridweave/v1/settlement/1782038700", announcement(1782038700L, 45), 1, true);
        await("the live announcement")
            .atMost(Duration.ofSeconds(20))
            .until(() -> meter.settlements().get(1782038700L).isPresent());
        assertThat(meter.settlements().dropped()).isEqualTo(2);
        assertThat(transport.isConnected()).isTrue();

        // and clearing the retained announcement retracts the interval
        bridge.publish("gridweave/v1/settlement/1782036000", new byte[0], 1, true);
        await("the retraction")
            .atMost(Duration.ofSeconds(20))
            .until(() -> meter.settlements().get(1782036000L).isEmpty());
        assertThat(meter.settlements().latest())
            .extracting(FinalisedInterval::intervalId)
            .containsExactly(1782038700L);
        meter.sample();
        assertThat(meter.produceMessage()).isPresent(); // the meter still works
      } finally {
        transport.close();
        bridge.disconnect();
      }
    }
  }
}

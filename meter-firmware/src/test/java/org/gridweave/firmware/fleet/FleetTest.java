package org.gridweave.firmware.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.function.BiConsumer;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.protocol.Topic;
import org.gridweave.firmware.Meter;
import org.gridweave.firmware.RecordingProducedLog;
import org.gridweave.firmware.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetTest {
  @TempDir Path dir;

  /** A transport that never connects: everything stays in the spools. */
  private static final class Offline implements Transport {
    @Override
    public boolean isConnected() {
      return false;
    }

    @Override
    public void publish(
        Topic topic, byte[] payload, int qos, boolean retained, PublishCallback callback) {
      callback.failed(new IllegalStateException("offline"));
    }

    @Override
    public void subscribeFilter(String filter, int qos, BiConsumer<String, byte[]> handler) {}

    @Override
    public void setConnectionListener(ConnectionListener listener) {}

    @Override
    public void start() {}

    @Override
    public void close() {}
  }

  @Test
  void namesMetersSitesAndFeedersAndDerivesKeysFromTheSeed() throws Exception {
    FleetOptions options =
        FleetOptions.simulated(3, dir.resolve("state")).withKeysDir(dir.resolve("keys"));

    try (Fleet fleet =
        Fleet.create(
            options, (m, s) -> new Offline(), Clock.systemUTC(), new RecordingProducedLog())) {
      assertThat(fleet.meters())
          .extracting(Meter::id)
          .containsExactly(MeterId.of("m-0001"), MeterId.of("m-0002"), MeterId.of("m-0003"));
      assertThat(fleet.member(MeterId.of("m-0002")).registration().site())
          .isEqualTo(SiteId.of("s-0002"));
      assertThat(fleet.member(MeterId.of("m-0002")).registration().feeder().value())
          .isEqualTo("f-1");
      assertThat(fleet.member(MeterId.of("m-0001")).meter().publicKey())
          .isEqualTo(Fleet.keyFor(42, MeterId.of("m-0001")).publicKey());
      assertThat(MeterKeyPair.read(dir.resolve("keys/m-0003.key")).publicKey())
          .isEqualTo(Fleet.keyFor(42, MeterId.of("m-0003")).publicKey());
    }
  }

  @Test
  void recordsWhatEveryMeterProduced() throws Exception {
    RecordingProducedLog produced = new RecordingProducedLog();
    FleetOptions options =
        FleetOptions.simulated(4, dir.resolve("state"))
            .withPeriods(Duration.ofMillis(20), Duration.ofMillis(60))
            .withFsync(false);

    try (Fleet fleet =
        Fleet.create(options, (m, s) -> new Offline(), Clock.systemUTC(), produced)) {
      fleet.start();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() ->
              produced.highestSequences().values().stream().allMatch(s -> s >= 2)
                  && produced.highestSequences().size() == 4);
    }

    assertThat(produced.highestSequences().keySet()).hasSize(4);
    MeterId first = MeterId.of("m-0001");
    assertThat(produced.sampleCount(first)).isEqualTo(produced.sampleTimes(first).size());
    assertThat(Set.copyOf(produced.sampleTimes(first))).hasSameSizeAs(produced.sampleTimes(first));
    assertThat(Files.list(dir.resolve("state")).count()).isEqualTo(4);
  }

  @Test
  void aSiteSourceGivesEachMeterItsDriverAndFeeder() throws Exception {
    org.gridweave.firmware.site.SiteRatings small =
        org.gridweave.firmware.site.SiteRatings.consumerOnly(
            org.gridweave.core.unit.Watts.of(10_000));
    SiteSource sites =
        new SiteSource() {
          @Override
          public org.gridweave.firmware.site.SiteDriver driver(int index, long seed) {
            return new org.gridweave.firmware.site.SimulatedSite(
                index == 2 ? org.gridweave.firmware.site.SiteRatings.typicalHouse() : small, seed);
          }

          @Override
          public java.util.Optional<org.gridweave.core.id.FeederId> feeder(int index) {
            return java.util.Optional.of(org.gridweave.core.id.FeederId.of("north-" + index % 2));
          }
        };

    try (Fleet fleet =
        Fleet.create(
            FleetOptions.simulated(3, dir.resolve("state")),
            (m, s) -> new Offline(),
            Clock.systemUTC(),
            new RecordingProducedLog(),
            sites)) {
      assertThat(fleet.members())
          .extracting(m -> m.registration().feeder().value())
          .containsExactly("north-1", "north-0", "north-1");
      assertThat(fleet.member(MeterId.of("m-0002")).registration().ratings())
          .isEqualTo(org.gridweave.firmware.site.SiteRatings.typicalHouse());
      assertThat(fleet.member(MeterId.of("m-0001")).registration().ratings()).isEqualTo(small);
    }
  }
}

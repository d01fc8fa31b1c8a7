package org.gridweave.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.protocol.Command;
import org.gridweave.core.protocol.CommandAck;
import org.gridweave.core.protocol.ProtocolException;
import org.gridweave.core.protocol.TelemetryCodec;
import org.gridweave.core.protocol.TelemetryMessage;
import org.gridweave.core.protocol.Topic;
import org.gridweave.core.unit.Watts;
import org.gridweave.firmware.site.SimulatedSite;
import org.gridweave.firmware.site.SiteRatings;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MeterTest {
  private static final MeterId METER = MeterId.of("m-0001");
  private static final SiteId SITE = SiteId.of("s-0001");
  private static final MeterKeyPair KEY = MeterKeyPair.fromSeed(new byte[32]);

  @TempDir Path state;
  private final FakeClock clock = new FakeClock(Instant.parse("2026-06-21T10:00:00Z"));
  private final TelemetryCodec codec = new TelemetryCodec();
  private final RecordingProducedLog produced = new RecordingProducedLog();
  private FakeTransport transport;

  @BeforeEach
  void connectedTransport() {
    transport = new FakeTransport().connected();
  }

  private Meter openMeter(FakeTransport t) {
    MeterSettings settings =
        MeterSettings.defaults(METER, SITE)
            .withPeriods(Duration.ofSeconds(1), Duration.ofSeconds(5))
            .withBackfillWindow(3)
            .withFsync(false);
    return new Meter(
        settings, KEY, new SimulatedSite(SiteRatings.typicalHouse(), 7), t, state, clock, produced);
  }

  /** Five one-second samples, then one message. */
  private void runMessagePeriod(Meter meter) {
    for (int i = 0; i < 5; i++) {
      clock.advance(Duration.ofSeconds(1));
      meter.sample();
    }
    meter.produceMessage();
  }

  private List<Long> sequences(List<FakeTransport.Publish> publishes) {
    return publishes.stream().map(p -> decode(p.payload()).sequence()).toList();
  }

  private TelemetryMessage decode(byte[] payload) {
    try {
      return codec.decode(payload);
    } catch (ProtocolException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void batchesSamplesIntoSignedMessagesWithConsecutiveSequenceNumbers() {
    try (Meter meter = openMeter(transport)) {
      runMessagePeriod(meter);
      runMessagePeriod(meter);
      runMessagePeriod(meter);

      List<FakeTransport.Publish> live = transport.published(Topic.Kind.TELEMETRY);
      assertThat(sequences(live)).containsExactly(0L, 1L, 2L);
      TelemetryMessage first = decode(live.get(0).payload());
      assertThat(first.samples()).hasSize(5);
      assertThat(first.isSignedBy(KEY.publicKey())).isTrue();
      assertThat(first.meter()).isEqualTo(METER);
      assertThat(live.get(0).qos()).isEqualTo(1);
      assertThat(produced.highestSequence(METER)).hasValue(2);
      assertThat(produced.sampleCount(METER)).isEqualTo(15);
    }
  }

  @Test
  void neverTakesTwoSamplesAtOneInstantEvenAcrossAMessageBoundary() {
    try (Meter meter = openMeter(transport)) {
      clock.advance(Duration.ofSeconds(1));
      meter.sample();
      meter.produceMessage();
      meter.sample(); // a late scheduler's catch-up run in the same millisecond

      assertThat(meter.produceMessage()).isEmpty();
      assertThat(produced.sampleCount(METER)).isEqualTo(1);
    }
  }

  @Test
  void keepsMessagesInTheSpoolUntilTheBrokerAcknowledgesThem() {
    try (Meter meter = openMeter(transport)) {
      runMessagePeriod(meter);
      runMessagePeriod(meter);
      assertThat(meter.pendingCount()).isEqualTo(2);

      transport.acknowledgeAll();

      assertThat(meter.pendingCount()).isZero();
    }
  }

  @Test
  void sendsMessagesProducedOfflineOnBackfillInOrderAfterReconnect() {
    try (Meter meter = openMeter(transport)) {
      runMessagePeriod(meter);
      transport.acknowledgeAll();
      transport.disconnected();
      for (int i = 0; i < 5; i++) {
        runMessagePeriod(meter);
        meter.pump();
      }
      assertThat(transport.published(Topic.Kind.BACKFILL)).isEmpty();
      assertThat(meter.pendingCount()).isEqualTo(5);

      transport.connected();
      meter.pump();
      runMessagePeriod(meter);

      // the window of 3 bounds backfill; live goes on meanwhile
      assertThat(sequences(transport.published(Topic.Kind.BACKFILL))).containsExactly(1L, 2L, 3L);
      assertThat(sequences(transport.published(Topic.Kind.TELEMETRY))).containsExactly(0L, 6L);

      transport.acknowledgeAll();
      meter.pump();
      transport.acknowledgeAll();

      assertThat(sequences(transport.published(Topic.Kind.BACKFILL)))
          .containsExactly(1L, 2L, 3L, 4L, 5L);
      assertThat(meter.pendingCount()).isZero();
    }
  }

  @Test
  void resendsOnBackfillWhatWasUnacknowledgedWhenTheConnectionDropped() {
    try (Meter meter = openMeter(transport)) {
      runMessagePeriod(meter);
      runMessagePeriod(meter);
      transport.disconnected();
      transport.connected();

      meter.pump();
      transport.acknowledgeAll();

      assertThat(sequences(transport.published(Topic.Kind.BACKFILL))).containsExactly(0L, 1L);
      assertThat(meter.pendingCount()).isZero();
    }
  }

  @Test
  void restartWithAFullSpoolLosesNothingAndContinuesTheSequence() {
    FakeTransport offline = new FakeTransport();
    try (Meter meter = openMeter(offline)) {
      runMessagePeriod(meter);
      runMessagePeriod(meter);
      runMessagePeriod(meter);
    }

    FakeTransport online = new FakeTransport().connected();
    try (Meter restarted = openMeter(online)) {
      assertThat(restarted.pendingCount()).isEqualTo(3);
      restarted.pump();
      runMessagePeriod(restarted);
      online.acknowledgeAll();

      assertThat(sequences(online.published(Topic.Kind.BACKFILL))).containsExactly(0L, 1L, 2L);
      assertThat(sequences(online.published(Topic.Kind.TELEMETRY))).containsExactly(3L);
      assertThat(restarted.pendingCount()).isZero();
    }
  }

  @Test
  void neverReusesASequenceNumberAfterACrash() {
    Meter crashed = openMeter(transport);
    runMessagePeriod(crashed);
    runMessagePeriod(crashed);
    // no close(): the process died; the reserved block is skipped, never repeated

    try (Meter restarted = openMeter(new FakeTransport().connected())) {
      assertThat(restarted.nextSequence()).isGreaterThan(1);
    }
  }

  @Test
  void energyCountersNeverGoBackwardsAcrossARestart() {
    double lastImport;
    try (Meter meter = openMeter(transport)) {
      runMessagePeriod(meter);
      runMessagePeriod(meter);
      List<FakeTransport.Publish> live = transport.published(Topic.Kind.TELEMETRY);
      TelemetryMessage last = decode(live.get(live.size() - 1).payload());
      lastImport = last.last().energyImport().value() + last.last().energyExport().value();
    }
    FakeTransport again = new FakeTransport().connected();
    try (Meter restarted = openMeter(again)) {
      runMessagePeriod(restarted);
      TelemetryMessage next = decode(again.published(Topic.Kind.TELEMETRY).get(0).payload());
      assertThat(next.first().energyImport().value() + next.first().energyExport().value())
          .isGreaterThanOrEqualTo(lastImport);
    }
  }

  private Command command(String id, Optional<Watts> charge, Instant expires) {
    return new Command(
        id,
        METER,
        clock.instant(),
        expires,
        charge,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "test");
  }

  private CommandAck lastAck() {
    List<FakeTransport.Publish> acks = transport.published(Topic.Kind.ACK);
    try {
      return CommandAck.decode(acks.get(acks.size() - 1).payload());
    } catch (ProtocolException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void appliesACommandWithinTheRatingsAndTheBatteryFollowsIt() {
    try (Meter meter = openMeter(transport)) {
      Command charge =
          command("c-1", Optional.of(Watts.of(2000)), clock.instant().plus(Duration.ofMinutes(15)));

      transport.deliver(Topic.Kind.CMD, charge.encode());
      runMessagePeriod(meter);

      CommandAck ack = lastAck();
      assertThat(ack.status()).isEqualTo(CommandAck.Status.APPLIED);
      assertThat(ack.commandId()).isEqualTo("c-1");
      assertThat(ack.detail()).contains("charging at 2000 W");
      TelemetryMessage m = decode(transport.published(Topic.Kind.TELEMETRY).get(0).payload());
      double chargedWh =
          m.last().value(org.gridweave.core.protocol.Measurement.ENERGY_BATTERY_CHARGE)
              - m.first().value(org.gridweave.core.protocol.Measurement.ENERGY_BATTERY_CHARGE);
      assertThat(chargedWh).isCloseTo(2000.0 * 4 / 3600, org.assertj.core.data.Offset.offset(0.01));
    }
  }

  @Test
  void rejectsACommandAboveTheBatteryRating() {
    try (Meter meter = openMeter(transport)) {
      transport.deliver(
          Topic.Kind.CMD,
          command("c-2", Optional.of(Watts.of(9000)), clock.instant().plusSeconds(60)).encode());

      CommandAck ack = lastAck();
      assertThat(ack.status()).isEqualTo(CommandAck.Status.REJECTED);
      assertThat(ack.detail()).contains("9000 W").contains("maximum charge power of 3000 W");
    }
  }

  @Test
  void answersExpiredToACommandThatArrivesTooLate() {
    try (Meter meter = openMeter(transport)) {
      Command c = command("c-3", Optional.of(Watts.of(1000)), clock.instant().plusSeconds(5));
      clock.advance(Duration.ofSeconds(10));

      transport.deliver(Topic.Kind.CMD, c.encode());

      assertThat(lastAck().status()).isEqualTo(CommandAck.Status.EXPIRED);
    }
  }

  @Test
  void rejectsAMalformedCommandWithItsReasonWhenItsIdCanBeRead() {
    try (Meter meter = openMeter(transport)) {
      transport.deliver(
          Topic.Kind.CMD,
          "{\"v\":\"1.0\",\"id\":\"c-4\",\"meter\":\"m-0001\",\"surprise\":1}"
              .getBytes(StandardCharsets.UTF_8));
      transport.deliver(Topic.Kind.CMD, "not json".getBytes(StandardCharsets.UTF_8));

      assertThat(transport.published(Topic.Kind.ACK)).hasSize(1);
      CommandAck ack = lastAck();
      assertThat(ack.commandId()).isEqualTo("c-4");
      assertThat(ack.status()).isEqualTo(CommandAck.Status.REJECTED);
      assertThat(ack.detail()).contains("surprise");
    }
  }

  @Test
  void aMarketOrderIsSignedWithTheMetersKeyAndSentOnTheOrderTopic() throws Exception {
    Meter meter = openMeter(transport);
    org.gridweave.core.protocol.OrderMessage order =
        org.gridweave.core.protocol.OrderMessage.place(
            "o-1",
            METER,
            SITE,
            false,
            Instant.parse("2026-06-21T12:00:00Z"),
            500,
            120_000,
            false,
            false,
            clock.instant());

    var sent = meter.sendOrder(order);

    assertThat(sent).isNotDone(); // until the broker takes it
    transport.acknowledgeAll();
    assertThat(sent).isCompleted();
    var published = transport.published(org.gridweave.core.protocol.Topic.Kind.ORDER);
    assertThat(published).hasSize(1);
    assertThat(published.get(0).qos()).isEqualTo(1);
    assertThat(published.get(0).topic().site()).isEqualTo(SITE);
    var decoded = org.gridweave.core.protocol.OrderMessage.decode(published.get(0).payload());
    assertThat(decoded.isSignedBy(KEY.publicKey())).isTrue();
    assertThat(decoded.energyWh()).isEqualTo(500);
  }

  @Test
  void anOrderForAnotherMeterOrWithoutABrokerIsNotSent() {
    Meter meter = openMeter(transport);
    var foreign =
        org.gridweave.core.protocol.OrderMessage.cancel(
            "o-1", org.gridweave.core.id.MeterId.of("m-other"), SITE, clock.instant());
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> meter.sendOrder(foreign))
        .hasMessageContaining("this is meter " + METER);

    transport.disconnected();
    var sent =
        meter.sendOrder(
            org.gridweave.core.protocol.OrderMessage.cancel("o-1", METER, SITE, clock.instant()));
    assertThat(sent).isCompletedExceptionally();
    assertThat(transport.published(org.gridweave.core.protocol.Topic.Kind.ORDER)).isEmpty();
  }

  @Test
  void keepsTheSettledIntervalsAnnouncedOnTheSettlementTopicAndSurvivesGarbage() {
    try (Meter meter = openMeter(transport)) {
      assertThat(transport.filters()).contains("gridweave/v1/settlement/+");

      transport.deliver(
          "gridweave/v1/settlement/1782036000",
          ("{\"interval_id\":1782036000,\"trades_root\":\"0x"
                  + "11".repeat(32)
                  + "\",\"readings_root\":\"0x"
                  + "22".repeat(32)
                  + "\",\"block_number\":7,\"tx_hash\":\"0x"
                  + "33".repeat(32)
                  + "\"}")
              .getBytes(StandardCharsets.UTF_8));
      transport.deliver(
          "gridweave/v1/settlement/1782036900", "][".getBytes(StandardCharsets.UTF_8));

      assertThat(meter.settlements().latest())
          .singleElement()
          .satisfies(i -> {
            assertThat(i.intervalId()).isEqualTo(1782036000L);
            assertThat(i.blockNumber()).isEqualTo(7);
          });
      assertThat(meter.settlements().dropped()).isEqualTo(1);

      transport.deliver("gridweave/v1/settlement/1782036000", new byte[0]);
      assertThat(meter.settlements().latest()).isEmpty();
    }
  }
}

package org.gridweave.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.gridweave.gateway.ingest.TestFleet.NOW;
import static org.gridweave.gateway.ingest.TestFleet.SITE;
import static org.gridweave.gateway.ingest.TestFleet.key;
import static org.gridweave.gateway.ingest.TestFleet.registration;
import static org.gridweave.gateway.ingest.TestFleet.samples;
import static org.gridweave.gateway.ingest.TestFleet.signed;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.protocol.RejectReason;
import org.gridweave.core.protocol.TelemetryMessage;
import org.gridweave.gateway.registry.MeterDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IngestPipelineTest {
  private static final MeterId METER = MeterId.of("meter-1");
  private static final MeterId STRANGER = MeterId.of("meter-9");
  private static final MeterKeyPair METER_KEY = key(1);
  private static final IngestSettings SETTINGS =
      new IngestSettings(2000, Duration.ofMinutes(15), Duration.ofMillis(200));

  /** A settlement as the broker would see it, and how many batches were committed by then. */
  private record Settled(String message, int commitsSoFar) {}

  private final TestClock clock = new TestClock(NOW);
  private final MeterDirectory directory = new MeterDirectory();
  private final FakeTelemetryStore store = new FakeTelemetryStore();
  private final FakeRejectionNotices notices = new FakeRejectionNotices();
  private final List<Settled> settled = new CopyOnWriteArrayList<>();
  private ExecutorService checkers;
  private IngestPipeline pipeline;

  @BeforeEach
  void startGateway() {
    directory.put(registration(METER, SITE, METER_KEY));
    checkers = Executors.newFixedThreadPool(2);
    pipeline =
        new IngestPipeline(
            new TelemetryValidator(directory, clock, ValidationRules.DEFAULT),
            store,
            notices,
            IngestMetrics.NONE,
            clock,
            SETTINGS,
            checkers);
  }

  @AfterEach
  void stopGateway() {
    store.recover();
    store.commitHeld();
    pipeline.close();
    checkers.shutdownNow();
  }

  /** The n-th message of meter-1: five one-second samples continuing the previous message. */
  private static TelemetryMessage reading(long seq) {
    return signed(
        METER, SITE, seq, samples(NOW.minusSeconds(100 - 5 * seq), 5, 1000 + 2.5 * seq), METER_KEY);
  }

  private void arrives(TelemetryMessage m) {
    String label = m.meter() + "#" + m.sequence();
    pipeline.submit(
        TestFleet.inbound(
            m, () -> settled.add(new Settled(label, store.committedBatches().size()))));
  }

  private List<String> settledMessages() {
    return settled.stream().map(Settled::message).toList();
  }

  @Test
  void settlesMessagesOnlyAfterTheStoreCommits() {
    // Given: a database that takes its time to commit
    store.holdCommits();
    arrives(reading(1));
    arrives(reading(2));
    arrives(reading(3));
    pipeline.start();

    // When: the batch has reached the store but is not committed yet
    await().until(() -> store.heldCommits() == 1);

    // Then
    assertThat(settled).isEmpty();
    assertThat(pipeline.pending()).isEqualTo(3);

    // When
    store.commitHeld();

    // Then
    await().until(() -> pipeline.pending() == 0);
    assertThat(settledMessages()).containsExactly("meter-1#1", "meter-1#2", "meter-1#3");
    assertThat(settled).allSatisfy(s -> assertThat(s.commitsSoFar()).isEqualTo(1));
  }

  @Test
  void storesRejectionsInTheSameBatchAndSettlesThemToo() {
    // Given
    TelemetryMessage fromStranger =
        signed(STRANGER, SITE, 4, samples(NOW.minusSeconds(10), 2, 10), key(9));
    arrives(reading(1));
    arrives(fromStranger);
    arrives(reading(2));

    // When
    pipeline.start();

    // Then
    await().until(() -> pipeline.pending() == 0);
    assertThat(store.committedBatches()).hasSize(1);
    Batch batch = store.committedBatches().getFirst();
    assertThat(batch.accepted()).extracting(a -> a.message().sequence()).containsExactly(1L, 2L);
    assertThat(batch.rejected())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.reason()).isEqualTo(RejectReason.UNKNOWN_METER);
          assertThat(r.meter()).isEqualTo(STRANGER);
        });
    assertThat(batch.intervalLength()).isEqualTo(Duration.ofMinutes(15));
    assertThat(settledMessages()).containsExactly("meter-1#1", "meter-9#4", "meter-1#2");
    assertThat(notices.reasons()).containsExactly(RejectReason.UNKNOWN_METER);
  }

  @Test
  void keepsRetryingAFailingStoreWithoutLosingOrSettlingEarly() {
    // Given: the database fails twice, then works
    store.failNext(2);
    arrives(reading(1));
    arrives(reading(2));
    arrives(reading(3));

    // When
    pipeline.start();

    // Then
    await().until(() -> pipeline.pending() == 0);
    assertThat(store.attempts()).isEqualTo(3);
    assertThat(store.storedMessages())
        .extracting(a -> a.message().sequence())
        .containsExactly(1L, 2L, 3L);
    assertThat(settledMessages()).containsExactly("meter-1#1", "meter-1#2", "meter-1#3");
    assertThat(settled).allSatisfy(s -> assertThat(s.commitsSoFar()).isEqualTo(1));
    assertThat(pipeline.storeHealthy()).isTrue();
  }

  @Test
  void reportsTheStoreUnhealthyAndSettlesNothingWhileTheDatabaseIsAway() {
    // Given
    store.failNext(Integer.MAX_VALUE);
    arrives(reading(1));

    // When
    pipeline.start();

    // Then
    await().until(() -> store.attempts() >= 3);
    assertThat(pipeline.storeHealthy()).isFalse();
    assertThat(settled).isEmpty();
    assertThat(pipeline.pending()).isEqualTo(1);

    // When: the database comes back
    store.recover();

    // Then
    await().until(() -> pipeline.pending() == 0);
    assertThat(pipeline.storeHealthy()).isTrue();
    assertThat(settledMessages()).containsExactly("meter-1#1");
  }

  @Test
  void noticesReplayedSequenceForMessagesTheStoreAlreadyHeld() {
    // Given: seq 1 was stored before this gateway started
    store.alreadyHolds(METER, 1);
    arrives(reading(1));
    arrives(reading(2));

    // When
    pipeline.start();

    // Then
    await().until(() -> pipeline.pending() == 0);
    assertThat(settledMessages()).containsExactly("meter-1#1", "meter-1#2");
    assertThat(store.storedMessages()).extracting(a -> a.message().sequence()).containsExactly(2L);
    assertThat(notices.published())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.reason()).isEqualTo(RejectReason.REPLAYED_SEQUENCE);
          assertThat(r.meter()).isEqualTo(METER);
          assertThat(r.sequence()).isEqualTo(1);
          assertThat(r.explanation()).contains("meter-1", "sequence 1");
        });
  }

  @Test
  void storesAMessageDeliveredTwiceOnlyOnce() {
    // Given: the broker redelivers seq 1
    arrives(reading(1));
    arrives(reading(1));

    // When
    pipeline.start();

    // Then
    await().until(() -> pipeline.pending() == 0);
    assertThat(settledMessages()).containsExactly("meter-1#1", "meter-1#1");
    assertThat(store.storedMessages()).hasSize(1);
    assertThat(notices.reasons()).containsExactly(RejectReason.REPLAYED_SEQUENCE);
  }

  @Test
  void rejectsMessageWhoseCountersFallBelowAnEarlierOne() {
    // Given: seq 2 starts below where seq 1 ended
    TelemetryMessage backwards =
        signed(METER, SITE, 2, samples(NOW.minusSeconds(50), 5, 900), METER_KEY);
    arrives(reading(1));
    arrives(backwards);

    // When
    pipeline.start();

    // Then
    await().until(() -> pipeline.pending() == 0);
    assertThat(store.storedMessages()).extracting(a -> a.message().sequence()).containsExactly(1L);
    assertThat(store.rejections())
        .singleElement()
        .satisfies(r -> {
          assertThat(r.reason()).isEqualTo(RejectReason.COUNTER_BACKWARDS);
          assertThat(r.sequence()).isEqualTo(2);
          assertThat(r.explanation()).contains("energy_import_wh", "meter-1");
        });
    assertThat(notices.reasons()).containsExactly(RejectReason.COUNTER_BACKWARDS);
    assertThat(settledMessages()).containsExactly("meter-1#1", "meter-1#2");
  }

  @Test
  void countsPendingMessagesDownToZeroAsTheyAreSettled() {
    // Given
    for (long seq = 1; seq <= 5; seq++) {
      arrives(reading(seq));
    }
    assertThat(pipeline.pending()).isEqualTo(5);

    // When
    pipeline.start();

    // Then
    await().until(() -> pipeline.pending() == 0);
    assertThat(settled).hasSize(5);
  }

  @Test
  void keepsSettlingMessagesThatArriveWhileRunning() {
    // Given
    pipeline.start();

    // When: messages trickle in, one batch each or several
    for (long seq = 1; seq <= 20; seq++) {
      arrives(reading(seq));
    }

    // Then
    await().until(() -> pipeline.pending() == 0);
    assertThat(settled).hasSize(20);
    assertThat(store.storedMessages()).hasSize(20);
    assertThat(settled).allSatisfy(s -> assertThat(s.commitsSoFar()).isPositive());
  }

  @Test
  void keepsIngestingAfterARejectionNoticeCouldNotBePublished() {
    // Given: the broker refuses the first notice, which is best effort
    notices.failNext(1);
    arrives(signed(STRANGER, SITE, 4, samples(NOW.minusSeconds(10), 2, 10), key(9)));
    pipeline.start();
    await().until(() -> pipeline.pending() == 0);

    // When
    arrives(reading(1));

    // Then
    await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.pending() == 0);
    assertThat(settledMessages()).containsExactly("meter-9#4", "meter-1#1");
  }
}

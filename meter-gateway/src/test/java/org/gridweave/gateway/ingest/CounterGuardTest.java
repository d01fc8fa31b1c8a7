package org.gridweave.gateway.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.gridweave.gateway.ingest.TestFleet.NOW;
import static org.gridweave.gateway.ingest.TestFleet.SITE;
import static org.gridweave.gateway.ingest.TestFleet.sample;
import static org.gridweave.gateway.ingest.TestFleet.samples;
import static org.gridweave.gateway.ingest.TestFleet.unsigned;

import java.time.Instant;
import java.util.List;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.TelemetryMessage;
import org.junit.jupiter.api.Test;

class CounterGuardTest {
  private static final MeterId METER = MeterId.of("meter-1");
  private static final MeterId OTHER = MeterId.of("meter-2");
  private static final Instant T = NOW.minusSeconds(600);

  private final CounterGuard guard = new CounterGuard();

  /** Three samples one second apart from {@code T + startSecond}; import rises 0.5 Wh a second. */
  private static TelemetryMessage message(MeterId meter, long seq, int startSecond, double wh) {
    return unsigned(meter, SITE, seq, samples(T.plusSeconds(startSecond), 3, wh));
  }

  private static TelemetryMessage message(long seq, int startSecond, double wh) {
    return message(METER, seq, startSecond, wh);
  }

  @Test
  void acceptsTheFirstMessageOfAMeterWithoutComparison() {
    assertThat(guard.check(message(17, 0, 1000))).isNull();
  }

  @Test
  void acceptsNextMessageContinuingWhereThePreviousEnded() {
    // Given: seq 1 ends at 1001 Wh at T+2s
    guard.check(message(1, 0, 1000));

    // When / Then
    assertThat(guard.check(message(2, 3, 1001))).isNull();
  }

  @Test
  void rejectsNextMessageStartingBelowThePreviousCounters() {
    // Given: seq 1 ends at 1001 Wh at T+2s
    guard.check(message(1, 0, 1000));

    // When
    String problem = guard.check(message(2, 3, 1000.5));

    // Then
    assertThat(problem)
        .contains("energy_import_wh", "meter-1", "message 1", "message 2", "1001.0", "1000.5");
  }

  @Test
  void rejectsAnOptionalCounterGoingBackwardsAcrossMessages() {
    // Given
    guard.check(
        unsigned(METER, SITE, 1, List.of(sample(T, 10).with(Measurement.ENERGY_PV, 400).build())));

    // When
    String problem =
        guard.check(
            unsigned(
                METER,
                SITE,
                2,
                List.of(sample(T.plusSeconds(1), 11).with(Measurement.ENERGY_PV, 399).build())));

    // Then
    assertThat(problem).contains("energy_pv_wh", "meter-1");
  }

  @Test
  void keepsComparingWithTheLastGoodMessageAfterARejection() {
    // Given: seq 2 went backwards and was refused
    guard.check(message(1, 0, 1000));
    assertThat(guard.check(message(2, 3, 900))).isNotNull();

    // When: seq 3 continues from seq 1
    String problem = guard.check(message(3, 6, 1002));

    // Then
    assertThat(problem).isNull();
  }

  @Test
  void rejectsLateMessageEndingAboveTheLatestMessagesFirstCounters() {
    // Given: seq 5 starts at 1010 Wh at T+10s
    guard.check(message(5, 10, 1010));

    // When: late seq 4 ends at 1010.5 Wh at T+2s
    String problem = guard.check(message(4, 0, 1009.5));

    // Then
    assertThat(problem)
        .contains("energy_import_wh", "meter-1", "message 5", "message 4", "1010.5", "1010.0");
  }

  @Test
  void acceptsLateMessageEndingBelowTheLatestMessagesFirstCounters() {
    // Given: seq 5 starts at 1010 Wh at T+10s
    guard.check(message(5, 10, 1010));

    // When: late seq 4 ends at 1009 Wh at T+2s
    String problem = guard.check(message(4, 0, 1008));

    // Then
    assertThat(problem).isNull();
  }

  @Test
  void acceptsLateMessageEndingExactlyAtTheLatestMessagesFirstCounters() {
    guard.check(message(5, 10, 1010));

    assertThat(guard.check(message(4, 0, 1009))).isNull();
  }

  @Test
  void leavesMessagesWithTheSameSequenceToTheStoresReplayCheck() {
    // Given
    guard.check(message(3, 10, 1010));

    // When: a copy of seq 3, even one whose counters differ
    String problem = guard.check(message(3, 0, 5));

    // Then
    assertThat(problem).isNull();
  }

  @Test
  void rejectsNextMessageThatDoesNotStartAfterThePreviousEnded() {
    // Given: seq 1 ends at T+2s
    guard.check(message(1, 0, 1000));

    // When: seq 2 starts at T+2s as well
    String problem = guard.check(message(2, 2, 1001));

    // Then
    assertThat(problem)
        .contains("message 2", "meter-1", "out of time order", "message 1")
        .contains(T.plusSeconds(2).toString());
  }

  @Test
  void rejectsLateMessageThatDoesNotEndBeforeTheLatestBegan() {
    // Given: seq 5 starts at T+10s
    guard.check(message(5, 10, 1010));

    // When: late seq 4 runs until T+11s
    String problem = guard.check(message(4, 9, 1000));

    // Then
    assertThat(problem).contains("message 4", "meter-1", "out of time order", "message 5");
  }

  @Test
  void tracksEachMeterOnItsOwn() {
    // Given
    guard.check(message(METER, 1, 0, 1000));

    // When: another meter with far lower counters and an overlapping time
    String problem = guard.check(message(OTHER, 1, 0, 5));

    // Then
    assertThat(problem).isNull();
  }

  @Test
  void findsCounterGoingBackwardsInsideOneMessage() {
    // Given
    TelemetryMessage m =
        unsigned(
            METER,
            SITE,
            9,
            List.of(
                sample(T, 10).with(Measurement.ENERGY_BATTERY_CHARGE, 50).build(),
                sample(T.plusSeconds(1), 11).with(Measurement.ENERGY_BATTERY_CHARGE, 49).build()));

    // When
    String problem = CounterGuard.backwardsWithin(m);

    // Then
    assertThat(problem).contains("energy_battery_charge_wh", "message 9", "samples[0]");
  }
}

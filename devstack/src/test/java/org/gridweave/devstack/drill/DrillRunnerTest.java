package org.gridweave.devstack.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.core.id.MeterId;
import org.gridweave.firmware.ProducedMessage;
import org.junit.jupiter.api.Test;

class DrillRunnerTest {
  private static final DrillRunner.Settings SETTINGS =
      new DrillRunner.Settings(
          Duration.ofSeconds(3),
          Duration.ofSeconds(60),
          Duration.ofSeconds(10),
          Duration.ofMillis(250));

  /** Takes the pipeline down for {@code seconds} of fake time, then up again. */
  private static Drill outage(FakePipeline p, String name, int seconds) {
    return new Drill() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Fault inject() {
        Instant start = p.now();
        p.down();
        p.advance(Duration.ofSeconds(seconds));
        p.up();
        return Fault.outage(start, p.now());
      }
    };
  }

  private static DrillRunner runner(FakePipeline p) {
    return new DrillRunner(p, p.clock, p.pause(), SETTINGS);
  }

  @Test
  void anOutageThatQueuesEverythingLosesNothingAndRecoversWhenTheStoreIsBack() throws Exception {
    // Given three meters and a store that needs 2 s after coming back
    FakePipeline p = new FakePipeline(3).storeDelay(Duration.ofSeconds(2));
    p.advance(Duration.ofSeconds(5));

    // When the pipeline is down for 10 s
    DrillResult r = runner(p).run(outage(p, "broker_restart", 10));

    // Then every reading of the window is stored once, and fresh readings came 2 s after the end
    assertThat(r.lost()).isZero();
    assertThat(r.duplicated()).isZero();
    assertThat(r.recoveredSeconds()).contains(2.0);
    assertThat(r.details()).containsEntry("unit", "reading").containsEntry("fault_s", 10.0);
    assertThat((long) r.details().get("readings_produced")).isGreaterThanOrEqualTo(3 * 2 * 13L);
    assertThat(r.clean()).isTrue();
  }

  @Test
  void readingsProducedWhileAPipelineThatDropsIsDownAreCountedLost() throws Exception {
    FakePipeline p = new FakePipeline(2).losingWhileDown();
    p.advance(Duration.ofSeconds(5));

    DrillResult r = runner(p).run(outage(p, "gateway_kill", 4));

    // 4 messages of 2 samples per meter were produced while down
    assertThat(r.lost()).isEqualTo(2 * 4 * 2);
    assertThat(r.duplicated()).isZero();
    assertThat(r.clean()).isFalse();
  }

  @Test
  void aReadingStoredTwiceIsCountedDuplicatedOnce() throws Exception {
    FakePipeline p = new FakePipeline(1).duplicating();
    p.advance(Duration.ofSeconds(2));

    DrillResult r = runner(p).run(outage(p, "postgres_restart", 1));

    assertThat(r.lost()).isZero();
    assertThat(r.duplicated()).isEqualTo((long) r.details().get("readings_produced"));
  }

  @Test
  void aPipelineThatNeverComesBackHasNoRecoveryTimeAndLosesTheWindow() throws Exception {
    FakePipeline p = new FakePipeline(1);
    p.advance(Duration.ofSeconds(2));
    Drill forever =
        new Drill() {
          @Override
          public String name() {
            return "broker_restart";
          }

          @Override
          public Fault inject() {
            p.down();
            return Fault.outage(p.now(), p.now());
          }
        };

    DrillResult r = runner(p).run(forever);

    assertThat(r.recoveredSeconds()).isEmpty();
    assertThat(r.lost()).isEqualTo((long) r.details().get("readings_produced")).isPositive();
    assertThat(r.json()).contains("\"recovered_s\":null");
  }

  @Test
  void readingsProducedBeforeTheDrillAreNotItsConcern() throws Exception {
    // Given readings that were lost before the drill began
    FakePipeline p = new FakePipeline(1).losingWhileDown();
    p.down();
    p.advance(Duration.ofSeconds(5));
    p.up();
    p.advance(Duration.ofSeconds(2));

    // When a harmless drill runs
    DrillResult r = runner(p).run(outage(p, "postgres_restart", 0));

    // Then they do not count against it
    assertThat(r.lost()).isZero();
  }

  @Test
  void aKillIsMeasuredFromTheKillNotFromTheRestart() throws Exception {
    FakePipeline p = new FakePipeline(1);
    p.advance(Duration.ofSeconds(2));
    Drill kill =
        new Drill() {
          @Override
          public String name() {
            return "gateway_kill";
          }

          @Override
          public Fault inject() {
            Instant killed = p.now();
            p.down();
            p.advance(Duration.ofSeconds(6));
            p.up();
            return Fault.kill(killed, p.now());
          }
        };

    DrillResult r = runner(p).run(kill);

    // the first message sampled after the kill is produced 1 s later and stored at the restart
    assertThat(r.recoveredSeconds()).contains(6.0);
  }

  @Test
  void aDrillWithItsOwnJudgementReportsItAndKeepsTheReadingsInTheDetails() throws Exception {
    FakePipeline p = new FakePipeline(1);
    p.advance(Duration.ofSeconds(2));
    Drill chain =
        new Drill() {
          @Override
          public String name() {
            return "chain_stop_during_settlement";
          }

          @Override
          public Fault inject() {
            return Fault.outage(p.now(), p.now().plusSeconds(1)).with("intervals", 4);
          }

          @Override
          public Optional<Judgement> judge(Fault fault) {
            return Optional.of(
                new Judgement("interval", 1, 0, Optional.of(12.5), Map.of("settled", 3)));
          }
        };

    DrillResult r = runner(p).run(chain);

    assertThat(r.lost()).isEqualTo(1);
    assertThat(r.recoveredSeconds()).contains(12.5);
    assertThat(r.details())
        .containsEntry("unit", "interval")
        .containsEntry("intervals", 4)
        .containsEntry("settled", 3)
        .containsEntry("readings_lost", 0L)
        .containsEntry("readings_duplicated", 0L);
  }

  @Test
  void theJsonLineStartsWithTheDrillAndItsThreeNumbers() {
    DrillResult r =
        new DrillResult(
            "meter_offline_hour",
            0,
            0,
            Optional.of(3.14159),
            new java.util.LinkedHashMap<>(Map.of("unit", "reading")));

    assertThat(r.json())
        .isEqualTo(
            "{\"drill\":\"meter_offline_hour\",\"lost\":0,\"duplicated\":0,\"recovered_s\":3.14,"
                + "\"unit\":\"reading\"}");
  }

  @Test
  void aTallyCountsMissingAndExtraCopiesOfTheMessagesItIsGivenOnly() {
    MeterId m = MeterId.of("m-0001");
    Instant t0 = Instant.parse("2026-11-26T12:00:00Z");
    List<ProducedMessage> messages =
        List.of(
            new ProducedMessage(m, 1, List.of(t0, t0.plusSeconds(1))),
            new ProducedMessage(m, 2, List.of(t0.plusSeconds(2))));
    Map<MeterId, Map<Instant, Integer>> stored =
        Map.of(m, Map.of(t0, 1, t0.plusSeconds(1), 3, t0.plusSeconds(99), 1));

    Tally t = Tally.of(messages, stored);

    assertThat(t).isEqualTo(new Tally(3, 4, 1, 2));
  }
}

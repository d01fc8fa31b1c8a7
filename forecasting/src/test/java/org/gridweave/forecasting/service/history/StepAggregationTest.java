package org.gridweave.forecasting.service.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepAggregationTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @Test
  void sumsACompleteFeederStepAsIs() {
    // Given 4 meters that all reported the step
    var series = new StepAggregation(1, 0.9).series(List.of(new StepSum(T0, 4, 4, 400)));

    assertThat(series).containsExactly(new HistoryPoint(T0, 400));
  }

  @Test
  void scalesANearlyCompleteStepUpToAllMeters() {
    // Given 10 meters, 9 reported 90 Wh in total
    var series = new StepAggregation(1, 0.9).series(List.of(new StepSum(T0, 9, 10, 90)));

    assertThat(series).containsExactly(new HistoryPoint(T0, 100));
  }

  @Test
  void leavesOutStepsBelowTheCoverageAsGapsNotZeros() {
    var series =
        new StepAggregation(1, 0.9)
            .series(
                List.of(
                    new StepSum(T0, 4, 4, 400),
                    new StepSum(T0.plus(Duration.ofMinutes(15)), 2, 4, 200),
                    new StepSum(T0.plus(Duration.ofMinutes(30)), 4, 4, 380)));

    assertThat(series).extracting(HistoryPoint::start).doesNotContain(T0.plusSeconds(900));
    assertThat(series).hasSize(2);
  }

  @Test
  void anHourlyStepNeedsItsFourQuarterHoursPerMeter() {
    // Given 2 meters, an hour needs 8 quarter-hour values
    var agg = new StepAggregation(4, 0.9);

    assertThat(agg.series(List.of(new StepSum(T0, 8, 2, 800))))
        .containsExactly(new HistoryPoint(T0, 800));
    assertThat(agg.series(List.of(new StepSum(T0, 7, 2, 700)))).isEmpty();
  }

  @Test
  void requiresTheMinimumHistoryForTheHorizon() {
    assertThat(HistoryRequirement.minimum(Duration.ofDays(2))).isEqualTo(Duration.ofDays(17));
    assertThat(HistoryRequirement.minimum(Duration.ofDays(1))).isEqualTo(Duration.ofDays(16));
    assertThat(HistoryRequirement.minimum(Duration.ofDays(60))).isEqualTo(Duration.ofDays(36));
  }
}

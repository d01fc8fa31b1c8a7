package org.gridweave.controller.me;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersTest {
  private static final Instant NOW = Instant.parse("2026-11-26T10:07:00Z");

  @Test
  void limitDefaultsAndRefusesWhatIsNotAWholeNumberInRange() {
    assertThat(Limit.parse(null)).isEqualTo(Limit.DEFAULT);
    assertThat(Limit.parse("7")).isEqualTo(7);
    assertThat(Limit.parse("1000")).isEqualTo(1000);
    for (String bad : List.of("0", "1001", "-3", "ten", "", "1.5")) {
      assertThatThrownBy(() -> Limit.parse(bad))
          .isInstanceOf(BadParameter.class)
          .satisfies(e -> assertThat(((BadParameter) e).field()).isEqualTo("limit"));
    }
  }

  @Test
  void windowDefaultsToTheLast24Hours() {
    Window w = Window.parse(null, null, NOW);
    assertThat(w.from()).isEqualTo(NOW.minus(Duration.ofHours(24)));
    assertThat(w.to()).isEqualTo(NOW);
  }

  @Test
  void windowWithOnlyFromRunsOneDayFromIt() {
    Window w = Window.parse("2026-11-01T00:00:00Z", null, NOW);
    assertThat(w.to()).isEqualTo(Instant.parse("2026-11-02T00:00:00Z"));
  }

  @Test
  void windowRefusesBadInstantsReversedRangesAndMoreThan31Days() {
    assertThatThrownBy(() -> Window.parse("yesterday", null, NOW))
        .isInstanceOf(BadParameter.class)
        .hasMessageContaining("ISO-8601")
        .satisfies(e -> assertThat(((BadParameter) e).field()).isEqualTo("from"));
    assertThatThrownBy(() -> Window.parse(null, "2026-13-01T00:00:00Z", NOW))
        .satisfies(e -> assertThat(((BadParameter) e).field()).isEqualTo("to"));
    assertThatThrownBy(() -> Window.parse("2026-11-02T00:00:00Z", "2026-11-01T00:00:00Z", NOW))
        .satisfies(e -> assertThat(((BadParameter) e).field()).isEqualTo("from"));
    assertThatThrownBy(() -> Window.parse("2026-10-01T00:00:00Z", "2026-11-01T00:00:01Z", NOW))
        .hasMessageContaining("31 days")
        .satisfies(e -> assertThat(((BadParameter) e).field()).isEqualTo("to"));
    assertThat(Window.parse("2026-10-01T00:00:00Z", "2026-11-01T00:00:00Z", NOW).to())
        .isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
  }

  @Test
  void intervalsStartOnTheStepAndCoverTheWholeRange() {
    Window w =
        new Window(Instant.parse("2026-11-26T10:07:00Z"), Instant.parse("2026-11-26T10:45:00Z"));
    assertThat(w.intervals(Duration.ofMinutes(15)))
        .containsExactly(
            Instant.parse("2026-11-26T10:00:00Z"),
            Instant.parse("2026-11-26T10:15:00Z"),
            Instant.parse("2026-11-26T10:30:00Z"));
  }

  @Test
  void seriesSumsMetersLeavesGapsNullAndCountsCounterResetsAsZero() {
    Instant a = Instant.parse("2026-11-26T10:00:00Z");
    Instant b = Instant.parse("2026-11-26T10:15:00Z");
    IntervalSeries s = new IntervalSeries(List.of(a, b), List.of("import_wh", "pv_wh"));
    s.add(a, "import_wh", 100.0);
    s.add(a, "import_wh", 20.5);
    s.add(b, "import_wh", -5.0);
    s.add(a, "pv_wh", null);
    s.add(Instant.parse("2026-11-26T11:00:00Z"), "import_wh", 1.0);
    assertThat(s.column("import_wh")).containsExactly(120.5, 0.0);
    assertThat(s.column("pv_wh")).containsExactly(null, null);
  }

  @Test
  void settlementStateFollowsTheParts() {
    assertThat(SettlementState.of(List.of())).isEqualTo("not built yet");
    assertThat(SettlementState.of(List.of("settled", "settled"))).isEqualTo("settled");
    assertThat(SettlementState.of(List.of("settled", "failed"))).isEqualTo("failed");
    assertThat(SettlementState.of(List.of("settled", "signed"))).isEqualTo("pending");
  }
}

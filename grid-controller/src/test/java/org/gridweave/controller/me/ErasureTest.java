package org.gridweave.controller.me;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.gridweave.core.id.SiteId;
import org.junit.jupiter.api.Test;

class ErasureTest {

  @Test
  void nothingBlocksASiteWithoutOpenOrdersOrUnsettledTrades() {
    assertThat(new Erasure.Blockers(List.of(), List.of()).refusal()).isEmpty();
  }

  @Test
  void theRefusalNamesOpenOrdersAndUnsettledIntervalsButOnlyTheFirstFew() {
    List<Instant> intervals =
        IntStream.range(0, 7)
            .mapToObj(i -> Instant.parse("2026-11-26T10:00:00Z").plusSeconds(900L * i))
            .toList();

    String why = new Erasure.Blockers(intervals, List.of("o-1")).refusal().orElseThrow();

    assertThat(why)
        .contains("open orders (o-1); cancel them first")
        .contains("not settled yet (2026-11-26T10:00:00Z")
        .contains("2026-11-26T11:00:00Z and 2 more")
        .doesNotContain("2026-11-26T11:15:00Z");
  }

  @Test
  void pseudonymsAreValidSiteIdsThatDoNotRepeat() {
    Random random = new Random(7);
    String a = Erasure.pseudonym(random);
    String b = Erasure.pseudonym(random);
    assertThat(a).matches("erased-[0-9a-f]{16}").isNotEqualTo(b);
    assertThat(SiteId.isValid(a)).isTrue();
  }

  @Test
  void everyPersonalTableIsCoveredAndOnlyTradesAndTheParticipantArePseudonymised() {
    assertThat(Erasure.STEPS.stream().map(Erasure.Step::key))
        .contains(
            "reading",
            "telemetry_message",
            "interval_counters",
            "rejection",
            "command",
            "market_order",
            "market_agent",
            "statement",
            "settlement_reading",
            "trade_bought",
            "trade_sold",
            "settlement_participant",
            "console_user_disabled")
        .doesNotHaveDuplicates();
    for (Erasure.Step s : Erasure.STEPS) {
      boolean keeps = s.argument() == Erasure.Argument.SITE_AND_PSEUDONYM;
      assertThat(s.sql())
          .startsWith(keeps || s.key().startsWith("console_user") ? "UPDATE" : "DELETE");
      assertThat(s.sql())
          .contains(s.argument() == Erasure.Argument.METERS ? "meter_id = ANY($1)" : "= $1");
    }
  }
}

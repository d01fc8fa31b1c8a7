package org.gridweave.controller.market;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class BiddingAgentTest {
  private static final Instant OPENS = Instant.parse("2026-06-21T11:00:00Z");
  private static final Instant GATE = Instant.parse("2026-06-21T11:55:00Z");
  private static final Duration STEP = Duration.ofMinutes(5); // 11 steps

  private static BiddingAgent.Quote at(long net, String time) {
    return BiddingAgent.quote(
            net, 300_000, 80_000, OPENS, GATE, STEP, Instant.parse("2026-06-21T" + time + "Z"))
        .orElseThrow();
  }

  @Test
  void aSurplusIsOfferedFromTheImportPriceDownToTheExportPrice() {
    assertThat(at(1500, "11:00:00")).isEqualTo(new BiddingAgent.Quote(false, 1500, 300_000));
    assertThat(at(1500, "11:27:30").limitPriceMicros())
        .isEqualTo(300_000 - 5 * 20_000); // 5 of 11 steps
    assertThat(at(1500, "11:54:59").limitPriceMicros()).isEqualTo(80_000 + 20_000);
  }

  @Test
  void aDeficitIsBidForFromTheExportPriceUpToTheImportPrice() {
    assertThat(at(-700, "11:00:00")).isEqualTo(new BiddingAgent.Quote(true, 700, 80_000));
    assertThat(at(-700, "11:50:00").limitPriceMicros()).isEqualTo(280_000);
  }

  @Test
  void nothingToTradeOrAClosedWindowQuotesNothing() {
    assertThat(BiddingAgent.quote(0, 300_000, 80_000, OPENS, GATE, STEP, OPENS)).isEmpty();
    assertThat(BiddingAgent.quote(100, 300_000, 80_000, OPENS, GATE, STEP, GATE)).isEmpty();
    assertThat(BiddingAgent.quote(100, 300_000, 80_000, OPENS, GATE, STEP, OPENS.minusSeconds(1)))
        .isEmpty();
  }
}

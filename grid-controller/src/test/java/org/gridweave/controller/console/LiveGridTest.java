package org.gridweave.controller.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.gridweave.controller.grid.Feeder;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.Watts;
import org.junit.jupiter.api.Test;

class LiveGridTest {
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
  private static final Duration OFFLINE = Duration.ofMinutes(2);

  private static Site site(String id, String feeder, String meter) {
    return new Site(
        SiteId.of(id),
        FeederId.of(feeder),
        MeterId.of(meter),
        Watts.kilowatts(20),
        Watts.kilowatts(10),
        Watts.kilowatts(5),
        Watts.ZERO,
        Optional.empty(),
        Optional.empty(),
        OptionalDouble.empty());
  }

  private static final GridModel GRID =
      new GridModel(
          ZoneId.of("UTC"),
          Watts.kilowatts(100),
          List.of(
              new Feeder(FeederId.of("f-1"), Watts.kilowatts(10)),
              new Feeder(FeederId.of("f-2"), Watts.kilowatts(50))),
          List.of(site("a", "f-1", "m-a"), site("b", "f-1", "m-b"), site("c", "f-2", "m-c")));

  private static LiveGrid.Reading reading(
      String meter, Instant ts, double imp, double exp, double pvWh) {
    return new LiveGrid.Reading(
        meter,
        ts,
        imp,
        exp,
        OptionalDouble.of(pvWh),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.empty(),
        OptionalDouble.of(50));
  }

  @Test
  void feedersAddTheirSitesNetFlowAndTheTransformerAddsTheFeeders() {
    LiveGrid live = new LiveGrid();
    live.apply(reading("m-a", T0, 8_000, 0, 0));
    live.apply(reading("m-b", T0, 0, 3_000, 0));
    live.apply(reading("m-c", T0, 1_000, 0, 0));
    LiveGrid.Snapshot s = live.snapshot(GRID, T0.plusSeconds(1), OFFLINE);
    assertThat(s.feeders().get(0).netW()).isEqualTo(5_000);
    assertThat(s.feeders().get(0).pct()).isEqualTo(50.0);
    assertThat(s.feeders().get(1).netW()).isEqualTo(1_000);
    assertThat(s.transformerNetW()).isEqualTo(6_000);
    assertThat(s.importW()).isEqualTo(6_000);
    assertThat(s.exportW()).isZero();
    assertThat(s.feeders().get(0).overloaded()).isFalse();
  }

  @Test
  void reverseFlowOverTheLimitIsAnOverloadToo() {
    LiveGrid live = new LiveGrid();
    live.apply(reading("m-a", T0, 0, 12_000, 0));
    LiveGrid.Snapshot s = live.snapshot(GRID, T0, OFFLINE);
    assertThat(s.feeders().get(0).overloaded()).isTrue();
    assertThat(s.feeders().get(0).pct()).isEqualTo(120.0);
    assertThat(s.exportW()).isEqualTo(12_000);
  }

  @Test
  void pvPowerIsTheCounterIncreaseBetweenTheTwoNewestReadings() {
    LiveGrid live = new LiveGrid();
    live.apply(reading("m-a", T0, 0, 0, 1_000));
    live.apply(reading("m-a", T0.plusSeconds(10), 0, 0, 1_010)); // 10 Wh in 10 s = 3.6 kW
    LiveGrid.Snapshot s = live.snapshot(GRID, T0.plusSeconds(10), OFFLINE);
    assertThat(s.sites().get("a").pvW()).isCloseTo(3_600, within(1e-6));
    assertThat(s.pvW()).isCloseTo(3_600, within(1e-6));
  }

  @Test
  void aLateOlderReadingDoesNotReplaceTheNewestOne() {
    LiveGrid live = new LiveGrid();
    live.apply(reading("m-a", T0.plusSeconds(60), 2_000, 0, 0));
    live.apply(reading("m-a", T0, 9_000, 0, 0)); // backfill from the meter's spool
    assertThat(live.snapshot(GRID, T0.plusSeconds(61), OFFLINE).sites().get("a").importW())
        .isEqualTo(2_000);
    assertThat(live.lastSeen("m-a")).contains(T0.plusSeconds(60));
  }

  @Test
  void aSilentMeterIsStaleShownWithItsLastValuesButLeftOutOfTheSums() {
    LiveGrid live = new LiveGrid();
    live.apply(reading("m-a", T0, 4_000, 0, 0));
    live.apply(reading("m-b", T0.plusSeconds(170), 1_000, 0, 0));
    LiveGrid.Snapshot s = live.snapshot(GRID, T0.plusSeconds(180), OFFLINE);
    assertThat(s.sites().get("a").stale()).isTrue();
    assertThat(s.sites().get("a").importW()).isEqualTo(4_000);
    assertThat(s.feeders().get(0).netW()).isEqualTo(1_000);
    assertThat(s.feeders().get(0).stale()).isEqualTo(1);
    assertThat(s.sites()).doesNotContainKey("c"); // never reported
  }

  @Test
  void onlySitesWhoseValuesChangedAreSentAfterTheFirstSnapshot() {
    LiveGrid live = new LiveGrid();
    live.apply(reading("m-a", T0, 1_000, 0, 0));
    live.apply(reading("m-b", T0, 2_000, 0, 0));
    LiveGrid.Snapshot first = live.snapshot(GRID, T0, OFFLINE);
    assertThat(first.changedSince(null)).hasSize(2);
    live.apply(reading("m-b", T0.plusSeconds(1), 2_500, 0, 0));
    LiveGrid.Snapshot second = live.snapshot(GRID, T0.plusSeconds(1), OFFLINE);
    assertThat(second.changedSince(first)).extracting(LiveGrid.SiteNow::site).containsExactly("b");
  }
}

package org.gridweave.forecasting.datasets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FoldWriterTest {

  private static final LocalDateTime T0 = LocalDateTime.of(2013, 1, 1, 0, 0);

  @TempDir Path dir;

  /** Hourly series "a" and "b", target = hour index, feature x = 10 * hour index. */
  private static SeriesTable table(int hours, Map<String, List<Integer>> missing) {
    SeriesTable.Builder b = new SeriesTable.Builder("t", Duration.ofHours(1), List.of("x"));
    for (String id : List.of("a", "b")) {
      for (int i = 0; i < hours; i++) {
        LocalDateTime t = T0.plusHours(i);
        if (missing.getOrDefault(id, List.of()).contains(i)) {
          b.touch(id, t);
        } else {
          b.target(id, t, i);
          b.feature(id, t, 0, 10.0 * i);
        }
      }
    }
    return b.build("time", "y", "id");
  }

  @Test
  void test_starts_one_step_after_the_last_train_time_of_every_series() throws IOException {
    SeriesTable t = table(100, Map.of());
    Fold fold = new Fold(1, T0.plusHours(80), 10, 50, 5);
    List<String> log = new ArrayList<>();
    FoldWriter.Written w =
        FoldWriter.write(
            t,
            FeatureSource.stored(t),
            fold,
            dir.resolve("train.csv"),
            dir.resolve("test.csv"),
            log::add);

    assertThat(w.slices()).hasSize(2);
    Map<String, LocalDateTime> lastTrain = lastTimes(Files.readAllLines(w.train()));
    Map<String, LocalDateTime> firstTest = firstTimes(Files.readAllLines(w.test()));
    for (String id : List.of("a", "b")) {
      assertThat(lastTrain.get(id)).isEqualTo(fold.origin());
      assertThat(firstTest.get(id)).isEqualTo(fold.origin().plusHours(1));
    }
    List<String> test = Files.readAllLines(w.test());
    assertThat(test.get(0)).isEqualTo("id,time,y,x");
    assertThat(test.subList(1, test.size()))
        .hasSize(20)
        .allSatisfy(
            line -> assertThat(LocalDateTime.parse(line.split(",")[1])).isAfter(fold.origin()));
    List<String> train = Files.readAllLines(w.train());
    assertThat(train).hasSize(1 + 2 * 50);
    assertThat(train.get(1)).isEqualTo("a,2013-01-02T07:00,31,310");
    assertThat(log).isEmpty();
  }

  @Test
  void fills_up_to_three_missing_train_steps_by_linear_interpolation() {
    SeriesTable t = table(100, Map.of("a", List.of(70, 71, 72)));
    List<String> dropped = new ArrayList<>();
    List<String> log = new ArrayList<>();
    var slices =
        FoldWriter.slice(
            t,
            FeatureSource.stored(t),
            new Fold(1, T0.plusHours(80), 10, 50, 5),
            dropped,
            log::add);
    var a = slices.get(0);
    assertThat(a.trainLength()).isEqualTo(50);
    assertThat(a.filled()).isEqualTo(3);
    int row71 = 71 - a.from();
    assertThat(a.values()[row71]).containsExactly(71.0, 710.0);
    assertThat(log).singleElement().asString().contains("filled 3 missing step(s)");
    assertThat(dropped).isEmpty();
  }

  @Test
  void leaves_a_gap_longer_than_three_steps_out_of_train_and_keeps_the_older_history() {
    SeriesTable t = table(100, Map.of("a", List.of(60, 61, 62, 63)));
    List<String> dropped = new ArrayList<>();
    List<String> log = new ArrayList<>();
    var slices =
        FoldWriter.slice(
            t,
            FeatureSource.stored(t),
            new Fold(1, T0.plusHours(80), 10, 50, 5),
            dropped,
            log::add);
    var a = slices.get(0);
    assertThat(a.time(0)).isEqualTo(T0.plusHours(31)); // the full 50-step window
    assertThat(a.trainLength()).isEqualTo(50);
    assertThat(a.values()[60 - 31][0]).isNaN(); // the gap stays a gap, not interpolated
    assertThat(a.lastTrainTime()).isEqualTo(T0.plusHours(80));
    assertThat(log).singleElement().asString().contains("left 4 missing step(s)");
  }

  @Test
  void leaves_out_a_series_whose_test_window_has_a_hole_or_whose_train_is_too_short() {
    // b's gap opens the 50-step window: its TRAIN starts after it, 46 steps < 48
    SeriesTable t = table(100, Map.of("a", List.of(85), "b", List.of(31, 32, 33, 34)));
    List<String> dropped = new ArrayList<>();
    var slices =
        FoldWriter.slice(
            t,
            FeatureSource.stored(t),
            new Fold(1, T0.plusHours(80), 10, 50, 48),
            dropped,
            m -> {});
    assertThat(slices).isEmpty();
    assertThat(dropped).containsExactly("a", "b");
  }

  @Test
  void test_rows_never_reach_back_to_or_before_the_origin_with_origin_dependent_features() {
    SeriesTable t = table(100, Map.of());
    LocalDateTime origin = T0.plusHours(50);
    FeatureSource seen = (s, time, o) -> new double[] {time.isAfter(o) ? 1 : 0};
    var slices =
        FoldWriter.slice(t, seen, new Fold(1, origin, 24, 30, 5), new ArrayList<>(), m -> {});
    for (var s : slices) {
      for (int row = 0; row < s.values().length; row++) {
        boolean isTest = row >= s.trainLength();
        assertThat(s.time(row).isAfter(origin)).isEqualTo(isTest);
        assertThat(s.values()[row][1]).isEqualTo(isTest ? 1.0 : 0.0);
      }
    }
  }

  @Test
  void spreads_origins_evenly_including_both_ends() {
    List<Integer> c = new ArrayList<>();
    for (int i = 0; i < 365; i++) {
      c.add(i);
    }
    assertThat(Fold.spread(c, 12)).hasSize(12).startsWith(0).endsWith(364).doesNotHaveDuplicates();
    assertThat(Fold.spread(c, 1)).containsExactly(364);
    assertThat(Fold.spread(List.of(1, 2), 5)).containsExactly(1, 2);
  }

  @Test
  void load_origins_are_midnights_from_july_2007_to_june_2008_with_day_ahead_tests() {
    SeriesTable t = table(2, Map.of());
    Backtests.Plan plan = Backtests.load(t, 12, null);
    assertThat(plan.folds()).hasSize(12);
    assertThat(plan.folds().get(0).origin()).isEqualTo(LocalDateTime.of(2007, 7, 1, 0, 0));
    assertThat(plan.folds().get(11).origin()).isEqualTo(LocalDateTime.of(2008, 6, 29, 0, 0));
    assertThat(plan.folds())
        .allSatisfy(f -> {
          assertThat(f.horizon()).isEqualTo(24);
          assertThat(f.origin().toLocalTime()).isEqualTo(java.time.LocalTime.MIDNIGHT);
          assertThat(f.maxTrainSteps()).isEqualTo(5 * 365 * 24);
        });
    assertThat(plan.headline()).isEqualTo("mape");
  }

  @Test
  void writes_plain_decimals_without_exponents() {
    assertThat(FoldWriter.number(0.0001)).isEqualTo("0.0001");
    assertThat(FoldWriter.number(1.5e7)).isEqualTo("15000000");
    assertThat(FoldWriter.number(1397668)).isEqualTo("1397668");
    assertThat(FoldWriter.number(-2.5)).isEqualTo("-2.5");
  }

  private static Map<String, LocalDateTime> lastTimes(List<String> lines) {
    Map<String, LocalDateTime> m = new LinkedHashMap<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] p = l.split(",");
      LocalDateTime t = LocalDateTime.parse(p[1]);
      LocalDateTime prev = m.put(p[0], t);
      assertThat(prev == null || prev.plusHours(1).equals(t)).as("regular step at " + l).isTrue();
    }
    return m;
  }

  private static Map<String, LocalDateTime> firstTimes(List<String> lines) {
    Map<String, LocalDateTime> m = new LinkedHashMap<>();
    for (String l : lines.subList(1, lines.size())) {
      String[] p = l.split(",");
      m.putIfAbsent(p[0], LocalDateTime.parse(p[1]));
    }
    return m;
  }
}

package org.gridweave.forecasting.features;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToDoubleFunction;
import org.gridweave.forecasting.data.Row;
import org.gridweave.forecasting.data.SeriesFrame;
import org.junit.jupiter.api.Test;

class FeatureBuilderTest {
  private static final LocalDateTime START = LocalDateTime.of(2024, 1, 1, 0, 0); // a Monday
  private final FeatureBuilder features = new FeatureBuilder(List.of("temp"), HolidayCalendar.NONE);

  /** Hourly series, TRAIN = hours [0, origin], TEST = (origin, origin + horizon]. */
  private static SeriesFrame frame(int origin, int horizon, IntToDoubleFunction value) {
    List<Row> train = new ArrayList<>();
    List<Row> test = new ArrayList<>();
    for (int i = 0; i <= origin + horizon; i++) {
      LocalDateTime t = START.plusHours(i);
      Row r =
          new Row(
              i + 2,
              "",
              t.toString(),
              t.toInstant(ZoneOffset.UTC),
              t,
              value.applyAsDouble(i),
              new double[] {100 + i});
      (i <= origin ? train : test).add(r);
    }
    return SeriesFrame.of("", train, test, "train.csv", "test.csv", 1, msg -> {});
  }

  private double feature(double[] row, String name) {
    return row[List.of(features.names()).indexOf(name)];
  }

  @Test
  void lags_are_the_latest_values_known_at_the_origin() {
    SeriesFrame s = frame(400, 48, i -> i); // the value is the hour index
    double[] v = features.row(s, 400, 430); // 30 h ahead
    assertThat(feature(v, "steps_ahead")).isEqualTo(30);
    assertThat(feature(v, "lag_day")).isEqualTo(382); // two days back: one day back is unknown
    assertThat(feature(v, "lag_2day")).isEqualTo(358);
    assertThat(feature(v, "lag_week")).isEqualTo(262);
    assertThat(feature(v, "last")).isEqualTo(400);
    assertThat(feature(v, "mean_day")).isEqualTo(388.5); // mean of 377..400
    assertThat(feature(v, "temp")).isEqualTo(530); // covariates are read at the target time
    assertThat(feature(v, "temp_at_lag_day")).isEqualTo(482);
  }

  @Test
  void the_covariate_model_drops_every_feature_of_the_target_history() {
    SeriesFrame a = frame(400, 48, i -> i % 24);
    SeriesFrame b = frame(400, 48, i -> 1000 + (i * 7919) % 113); // another history, same temp
    List<String> names = List.of(features.names());
    double[] ra = features.row(a, 400, 430);
    double[] rb = features.row(b, 400, 430);
    for (int c = 0; c < names.size(); c++) {
      if (!FeatureBuilder.fromTargetHistory(names.get(c))) {
        assertThat(rb[c]).as(names.get(c)).isEqualTo(ra[c]);
      }
    }
    assertThat(FeatureBuilder.fromTargetHistory("temp")).isFalse();
    assertThat(FeatureBuilder.fromTargetHistory("temp_next")).isFalse();
    assertThat(FeatureBuilder.fromTargetHistory("temp_at_lag_day")).isTrue();
  }

  @Test
  void a_forecast_never_sees_targets_after_its_origin() {
    SeriesFrame a = frame(500, 72, i -> Math.sin(i / 5.0));
    SeriesFrame b = frame(500, 72, i -> i <= 500 ? Math.sin(i / 5.0) : 1e9 + i);
    for (int o = 200; o <= 500; o += 7) {
      for (int t = o + 1; t <= o + 72 && t <= 572; t++) {
        if (t <= 500) {
          continue; // only targets in TEST differ
        }
        assertThat(features.row(b, o, t)).containsExactly(features.row(a, o, t));
      }
    }
    assertThatThrownBy(() -> a.target(501)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void changing_history_after_an_earlier_origin_changes_nothing_seen_from_it() {
    SeriesFrame a = frame(500, 24, i -> i % 24);
    SeriesFrame b = frame(500, 24, i -> i <= 300 ? i % 24 : -7);
    for (int t = 301; t <= 348; t++) {
      assertThat(features.row(b, 300, t)).containsExactly(features.row(a, 300, t));
    }
  }

  @Test
  void calendar_follows_the_wall_clock() {
    SeriesFrame s = frame(400, 48, i -> 1);
    double[] v = features.row(s, 400, 413); // 2024-01-18T05:00, a Thursday
    assertThat(feature(v, "hour")).isEqualTo(5);
    assertThat(feature(v, "weekday")).isEqualTo(4);
    assertThat(feature(v, "weekend")).isZero();
    assertThat(feature(v, "month")).isEqualTo(1);
  }
}

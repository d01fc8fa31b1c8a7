package org.gridweave.forecasting.features;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.gridweave.forecasting.data.SeriesFrame;

/**
 * Features of one forecast: target time {@code t}, known history up to origin {@code o < t}.
 *
 * <ul>
 *   <li>Lags that respect the horizon: the most recent value at the same time of day (and of week)
 *       that is known at the origin, the one a day before it, and a seven-day profile at that time
 *       of day. A 30-hour-ahead forecast uses the value from two days before, never from one.
 *   <li>Rolling statistics at the origin: last value, mean of the last day and week.
 *   <li>Calendar from the series' local wall clock (hour, weekday, month, season), holidays.
 *   <li>The given covariates (weather, NWP) at {@code t} and the steps next to it, their mean over
 *       the day up to {@code t} and their value at the time of the day lag (so the model can
 *       correct the lag for weather).
 * </ul>
 *
 * Every target value is read through {@link SeriesFrame#target}, which refuses indices after the
 * origin: a feature cannot see the future even by mistake.
 */
public final class FeatureBuilder {
  /** Above this many series, one model across them gets no per-series indicator features. */
  public static final int MAX_SERIES_INDICATORS = 64;

  private final List<String> covariates;
  private final HolidayCalendar holidays;
  private final List<String> series;
  private final String[] names;

  public FeatureBuilder(List<String> covariates, HolidayCalendar holidays) {
    this(covariates, holidays, List.of());
  }

  /**
   * @param series the series one model is trained across; with 2 to {@value #MAX_SERIES_INDICATORS}
   *     of them, each gets an indicator feature, so a global model can learn, e.g., each wind
   *     farm's own power curve
   */
  public FeatureBuilder(List<String> covariates, HolidayCalendar holidays, List<String> series) {
    this.covariates = List.copyOf(covariates);
    this.holidays = holidays;
    this.series =
        series.size() >= 2 && series.size() <= MAX_SERIES_INDICATORS
            ? List.copyOf(series)
            : List.of();
    List<String> n =
        new ArrayList<>(
            List.of(
                "steps_ahead",
                "days_stale",
                "lag_day",
                "lag_2day",
                "lag_week",
                "profile_7d",
                "profile_median_14d",
                "last",
                "mean_day",
                "mean_week",
                "hour",
                "weekday",
                "weekend",
                "holiday",
                "holiday_before",
                "holiday_after",
                "month",
                "season_sin",
                "season_cos"));
    for (String c : covariates) {
      n.add(c);
      n.add(c + "_prev");
      n.add(c + "_next");
      n.add(c + "_mean_day");
      n.add(c + "_at_lag_day");
    }
    for (String id : this.series) {
      n.add("series=" + id);
    }
    this.names = n.toArray(String[]::new);
  }

  /**
   * True for the features computed from the target's own history (lags, profiles, origin
   * statistics, covariates at the lag's time): what a model of the covariates and the calendar
   * alone leaves out.
   */
  public static boolean fromTargetHistory(String name) {
    return switch (name) {
      case "lag_day",
          "lag_2day",
          "lag_week",
          "profile_7d",
          "profile_median_14d",
          "last",
          "mean_day",
          "mean_week" ->
          true;
      default -> name.endsWith("_at_lag_day");
    };
  }

  public String[] names() {
    return names.clone();
  }

  public int width() {
    return names.length;
  }

  /** The feature vector for target index {@code t} seen from origin {@code o}; NaN = missing. */
  public double[] row(SeriesFrame s, int o, int t) {
    if (t <= o) {
      throw new IllegalArgumentException("target " + t + " must be after origin " + o);
    }
    int day = s.day();
    int week = 7 * day;
    int k = t - o;
    int d = ceilDiv(k, day);
    int w = ceilDiv(k, week);
    double[] v = new double[names.length];
    int i = 0;
    v[i++] = k;
    v[i++] = d;
    v[i++] = s.target(t - d * day);
    v[i++] = s.target(t - (d + 1) * day);
    v[i++] = s.target(t - w * week);
    v[i++] = mean(s, t, d, day, 7);
    v[i++] = median(s, t, d, day, 14);
    v[i++] = s.target(o);
    v[i++] = meanBack(s, o, day);
    v[i++] = meanBack(s, o, week);
    LocalDateTime c = s.clock(t);
    v[i++] = c.getHour() + c.getMinute() / 60.0;
    v[i++] = c.getDayOfWeek().getValue();
    v[i++] = c.getDayOfWeek() == DayOfWeek.SATURDAY || c.getDayOfWeek() == DayOfWeek.SUNDAY ? 1 : 0;
    v[i++] = holidays.isHoliday(c.toLocalDate()) ? 1 : 0;
    v[i++] = holidays.isHoliday(c.toLocalDate().plusDays(1)) ? 1 : 0;
    v[i++] = holidays.isHoliday(c.toLocalDate().minusDays(1)) ? 1 : 0;
    v[i++] = c.getMonthValue();
    double angle = 2 * Math.PI * (c.getDayOfYear() - 1) / 365.25;
    v[i++] = Math.sin(angle);
    v[i++] = Math.cos(angle);
    for (int f = 0; f < covariates.size(); f++) {
      v[i++] = s.feature(f, t);
      v[i++] = s.feature(f, t - 1);
      v[i++] = s.feature(f, t + 1);
      v[i++] = featureMean(s, f, t, day);
      v[i++] = s.feature(f, t - d * day);
    }
    for (String id : series) {
      v[i++] = id.equals(s.series()) ? 1 : 0;
    }
    return v;
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }

  /** Mean of the target at {@code t - (d + j) * day} for j in [0, n), skipping missing. */
  private static double mean(SeriesFrame s, int t, int d, int day, int n) {
    return meanOf(n, j -> s.target(t - (d + j) * day));
  }

  /**
   * Median of the target at {@code t - (d + j) * day} for j in [0, n), skipping missing: a daily
   * profile that a single spike (a kettle, a cloud) does not move.
   */
  private static double median(SeriesFrame s, int t, int d, int day, int n) {
    double[] v = new double[n];
    int count = 0;
    for (int j = 0; j < n; j++) {
      double x = s.target(t - (d + j) * day);
      if (!Double.isNaN(x)) {
        v[count++] = x;
      }
    }
    if (count == 0) {
      return Double.NaN;
    }
    java.util.Arrays.sort(v, 0, count);
    return count % 2 == 1 ? v[count / 2] : (v[count / 2 - 1] + v[count / 2]) / 2;
  }

  /** Mean of the {@code n} target values up to and including {@code o}. */
  private static double meanBack(SeriesFrame s, int o, int n) {
    return meanOf(n, j -> s.target(o - n + 1 + j));
  }

  /** Mean of covariate {@code f} over the {@code n} steps up to and including {@code t}. */
  private static double featureMean(SeriesFrame s, int f, int t, int n) {
    return meanOf(n, j -> s.feature(f, t - n + 1 + j));
  }

  /** Mean of {@code value(j)} for j in [0, n), skipping missing (NaN); NaN when all are. */
  private static double meanOf(int n, java.util.function.IntToDoubleFunction value) {
    double sum = 0;
    int count = 0;
    for (int j = 0; j < n; j++) {
      double x = value.applyAsDouble(j);
      if (!Double.isNaN(x)) {
        sum += x;
        count++;
      }
    }
    return count == 0 ? Double.NaN : sum / count;
  }
}

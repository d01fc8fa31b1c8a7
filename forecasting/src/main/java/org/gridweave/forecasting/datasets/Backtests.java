package org.gridweave.forecasting.datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.gridweave.forecasting.features.HolidayCalendar;

/** The backtest set-up of each data set: reader, fold origins, quantiles and headline metric. */
public final class Backtests {
  private Backtests() {}

  public static final List<String> NAMES =
      List.of(
          Gefcom2012Load.NAME, LondonSmartMeters.NAME, Gefcom2012Wind.NAME, Gefcom2014Solar.NAME);

  /**
   * Everything one backtest needs.
   *
   * @param headline the key of the metric the data set is judged on
   * @param goal target value of the headline metric (lower is better)
   * @param targetScale a feature the target scales with, or null (ADR 0014)
   */
  public record Plan(
      SeriesTable table,
      FeatureSource features,
      List<Fold> folds,
      List<Double> quantiles,
      String headline,
      double goal,
      HolidayCalendar holidays,
      String targetScale) {
    public Plan(
        SeriesTable table,
        FeatureSource features,
        List<Fold> folds,
        List<Double> quantiles,
        String headline,
        double goal,
        HolidayCalendar holidays) {
      this(table, features, folds, quantiles, headline, goal, holidays, null);
    }

    public Plan(
        SeriesTable table,
        FeatureSource features,
        List<Fold> folds,
        List<Double> quantiles,
        String headline,
        double goal) {
      this(table, features, folds, quantiles, headline, goal, HolidayCalendar.NONE);
    }
  }

  private static Plan withHolidays(Plan p, HolidayCalendar holidays) {
    return new Plan(
        p.table(), p.features(), p.folds(), p.quantiles(), p.headline(), p.goal(), holidays);
  }

  /** Default number of folds per data set. */
  public static int defaultFolds(String name) {
    return switch (name) {
      case Gefcom2012Load.NAME -> 12;
      case LondonSmartMeters.NAME -> 6;
      case Gefcom2012Wind.NAME -> 8;
      case Gefcom2014Solar.NAME -> 3;
      default -> throw unknown(name);
    };
  }

  /**
   * Reads the data set from {@code data/NAME} and chooses its folds.
   *
   * @param folds null for the default
   * @param trainDays null for the default TRAIN cap
   */
  public static Plan plan(String name, Path data, Integer folds, Integer trainDays)
      throws IOException {
    int k = folds != null ? folds : defaultFolds(name);
    if (k < 1) {
      throw new IllegalArgumentException("--folds must be at least 1");
    }
    Path dir = DataFiles.datasetDir(data, name);
    return switch (name) {
      case Gefcom2012Load.NAME ->
          withHolidays(load(Gefcom2012Load.read(dir), k, trainDays), Gefcom2012Load.holidays(dir));
      case LondonSmartMeters.NAME -> london(LondonSmartMeters.read(dir), k, trainDays);
      case Gefcom2012Wind.NAME -> wind(Gefcom2012Wind.read(dir), k, trainDays);
      case Gefcom2014Solar.NAME -> solar(Gefcom2014Solar.read(dir), k, trainDays);
      default -> throw unknown(name);
    };
  }

  /**
   * Day-ahead: origins at 00:00 of {@code k} days spread evenly over 2007-07-01..2008-06-29, TEST =
   * the next 24 hours, TRAIN = the history up to the origin, capped at 5 years (all of it): the
   * withheld backcast weeks stay gaps, which the evaluator skips.
   */
  public static Plan load(SeriesTable table, int k, Integer trainDays) {
    List<LocalDateTime> days =
        days(LocalDate.of(2007, 7, 1), LocalDate.of(2008, 6, 29)).stream()
            .map(LocalDate::atStartOfDay)
            .toList();
    List<Fold> folds = folds(Fold.spread(days, k), 24, steps(table, trainDays, 5 * 365), 14 * 24);
    return new Plan(table, FeatureSource.stored(table), folds, List.of(0.1, 0.5, 0.9), "mape", 3.0);
  }

  /**
   * Day-ahead per household: origins at midnight of {@code k} days spread evenly over
   * 2013-11-01..2013-12-30, TEST = the next 48 half-hours, TRAIN capped at 26 weeks.
   */
  public static Plan london(SeriesTable table, int k, Integer trainDays) {
    List<LocalDateTime> days =
        days(LocalDate.of(2013, 11, 1), LocalDate.of(2013, 12, 30)).stream()
            .map(LocalDate::atStartOfDay)
            .toList();
    List<Fold> folds = folds(Fold.spread(days, k), 48, steps(table, trainDays, 182), 14 * 48);
    return new Plan(
        table, FeatureSource.stored(table), folds, List.of(0.1, 0.5, 0.9), "mae_vs_week", 0.80);
  }

  /** Days of history a wind origin needs before it (gap-free, all farms). */
  public static final int WIND_MIN_HISTORY_DAYS = 180;

  /**
   * 1..48 h ahead from an NWP issue: candidate origins are issue times (00/12 UTC) where every farm
   * has measurements for the 48 hours after and the {@value #WIND_MIN_HISTORY_DAYS} days before,
   * and the issue has all 48 leads for every farm; {@code k} of the candidates of the last 365 days
   * are spread evenly. TRAIN capped at 365 days.
   */
  public static Plan wind(Gefcom2012Wind.Data data, int k, Integer trainDays) {
    SeriesTable table = data.table();
    List<LocalDateTime> candidates = windOrigins(data);
    if (candidates.isEmpty()) {
      throw new IllegalStateException("gefcom2012-wind: no issue time has 48 measured hours after");
    }
    LocalDateTime last = candidates.get(candidates.size() - 1);
    List<LocalDateTime> recent =
        candidates.stream().filter(t -> t.isAfter(last.minusDays(365))).toList();
    List<Fold> folds =
        folds(
            Fold.spread(recent, k), Gefcom2012Wind.MAX_LEAD, steps(table, trainDays, 365), 30 * 24);
    return new Plan(table, data.features(), folds, List.of(0.1, 0.5, 0.9), "rmse", 0.15);
  }

  /** Issue times usable as wind origins, in order (see {@link #wind}). */
  public static List<LocalDateTime> windOrigins(Gefcom2012Wind.Data data) {
    SeriesTable table = data.table();
    LocalDateTime from = null;
    LocalDateTime to = null;
    for (SeriesTable.Series s : table.series().values()) {
      from = from == null || s.start().isAfter(from) ? s.start() : from;
      to = to == null || s.end().isBefore(to) ? s.end() : to;
    }
    List<LocalDateTime> out = new ArrayList<>();
    int before = WIND_MIN_HISTORY_DAYS * 24;
    LocalDateTime o = from.toLocalDate().atStartOfDay().plusHours(before);
    for (; !o.plusHours(Gefcom2012Wind.MAX_LEAD).isAfter(to); o = o.plusHours(12)) {
      boolean ok = true;
      for (SeriesTable.Series s : table.series().values()) {
        int i = s.index(o);
        if (i - before + 1 < 0
            || !allFinite(s.target(), i - before + 1, i + Gefcom2012Wind.MAX_LEAD)
            || !data.forecasts().get(s.id()).complete(o, Gefcom2012Wind.MAX_LEAD)) {
          ok = false;
          break;
        }
      }
      if (ok) {
        out.add(o);
      }
    }
    return out;
  }

  /**
   * Monthly, as in the competition tasks: the last {@code k} whole months with data; origin = the
   * month's first day 00:00, TEST = its hours 01:00 .. next month 00:00 (all features given), TRAIN
   * = everything before (uncapped unless {@code trainDays}). Quantiles 0.01..0.99.
   */
  public static Plan solar(SeriesTable table, int k, Integer trainDays) {
    LocalDateTime end = null;
    for (SeriesTable.Series s : table.series().values()) {
      end = end == null || s.end().isBefore(end) ? s.end() : end;
    }
    YearMonth lastMonth = YearMonth.from(end.minusHours(1));
    if (lastMonth.plusMonths(1).atDay(1).atStartOfDay().isAfter(end)) {
      lastMonth = lastMonth.minusMonths(1);
    }
    int maxTrain = trainDays != null ? steps(table, trainDays, 0) : Integer.MAX_VALUE;
    List<Fold> folds = new ArrayList<>();
    for (int i = k - 1; i >= 0; i--) {
      YearMonth m = lastMonth.minusMonths(i);
      folds.add(
          new Fold(
              folds.size() + 1,
              m.atDay(1).atStartOfDay(),
              m.lengthOfMonth() * 24,
              maxTrain,
              14 * 24));
    }
    List<Double> q = new ArrayList<>();
    for (int i = 1; i <= 99; i++) {
      q.add(i / 100.0);
    }
    // The panels' plane from the power before the first TEST month only (ADR 0023).
    LocalDateTime firstOrigin = folds.get(0).origin();
    double tilt = Gefcom2014Solar.estimateTilt(table, firstOrigin);
    SeriesTable withPlane =
        Gefcom2014Solar.withPlane(table, tilt)
            .withNotes(
                List.of(
                    "panels' tilt estimated from the power before "
                        + firstOrigin
                        + ": "
                        + tilt
                        + "° facing the equator (POA_TOA, POA_SSRD, POA_INDEX)"));
    return new Plan(
        withPlane,
        FeatureSource.stored(withPlane),
        folds,
        q,
        "pinball",
        0.015,
        HolidayCalendar.NONE,
        Gefcom2014Solar.TARGET_SCALE);
  }

  private static List<Fold> folds(List<LocalDateTime> origins, int horizon, int maxTrain, int min) {
    List<Fold> out = new ArrayList<>();
    for (LocalDateTime o : origins) {
      out.add(new Fold(out.size() + 1, o, horizon, maxTrain, Math.min(min, maxTrain)));
    }
    return out;
  }

  private static int steps(SeriesTable table, Integer trainDays, int defaultDays) {
    int days = trainDays != null ? trainDays : defaultDays;
    if (days < 1) {
      throw new IllegalArgumentException("--train-days must be at least 1");
    }
    return Math.toIntExact(Duration.ofDays(days).dividedBy(table.step()));
  }

  private static List<LocalDate> days(LocalDate first, LocalDate last) {
    return first.datesUntil(last.plusDays(1)).toList();
  }

  private static boolean allFinite(double[] a, int from, int to) {
    if (from < 0 || to >= a.length) {
      return false;
    }
    for (int i = from; i <= to; i++) {
      if (!Double.isFinite(a[i])) {
        return false;
      }
    }
    return true;
  }

  private static IllegalArgumentException unknown(String name) {
    return new IllegalArgumentException(
        "unknown data set '" + name + "'; known: " + String.join(", ", NAMES));
  }
}

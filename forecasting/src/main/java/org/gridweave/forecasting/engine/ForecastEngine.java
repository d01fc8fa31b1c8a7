package org.gridweave.forecasting.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import org.gridweave.forecasting.data.SeriesFrame;
import org.gridweave.forecasting.features.FeatureBuilder;
import org.gridweave.forecasting.features.HolidayCalendar;
import org.gridweave.forecasting.metrics.Scores;
import org.gridweave.forecasting.model.ConformalQuantiles;
import org.gridweave.forecasting.model.FeatureSubset;
import org.gridweave.forecasting.model.Learner;
import org.gridweave.forecasting.model.Matrix;
import org.gridweave.forecasting.model.PerSeries;
import org.gridweave.forecasting.model.ScaledTarget;
import org.gridweave.forecasting.model.TribuoLearner;

/**
 * Trains and forecasts: horizon-respecting training rows from each series' history, the model
 * chosen on a rolling-origin backtest inside that history (the naive forecasts compete too),
 * quantiles calibrated on that backtest's residuals, a refit on all of the history, then forecasts
 * of every future row of each frame from the frame's origin.
 *
 * <p>Only the history (grid indices up to each frame's origin) is read for targets; future rows
 * contribute their covariates (weather, NWP) only.
 */
public final class ForecastEngine {
  /** Names of the naive forecasts. */
  public static final String WEEK = "seasonal_naive_week";

  public static final String DAY = "persistence_day";

  /** Prefix of the name of an averaged pair of models, e.g. {@code blend:xgboost+xgboost_log}. */
  public static final String BLEND = "blend:";

  /**
   * Prefix of a weighted mean of models chosen greedily on the backtest, e.g. {@code
   * ensemble:xgboost_log*7+xgboost_scaled*9} (weights in twentieths).
   */
  public static final String ENSEMBLE = "ensemble:";

  /** Steps of the greedy ensemble selection (each adds one twentieth of weight). */
  static final int ENSEMBLE_STEPS = 20;

  /** Seeds of the final fit with a scale column (ADR 0022). */
  static final int FINAL_SEEDS = 3;

  /** Whole trainings, each with its own seed, whose quantiles are averaged (ADR 0025). */
  static final int PIPELINES = 2;

  /** The seed of pipeline {@code k} is the settings' seed plus {@code k} times this. */
  static final long PIPELINE_SEED_STEP = 1000;

  /**
   * Prefix of the name of quantiles averaged over whole seeded trainings, e.g. {@code
   * pipelines:ensemble:xgboost*20 | ensemble:xgboost_log*20}.
   */
  public static final String PIPELINES_PREFIX = "pipelines:";

  /** XGBoost on the covariates, calendar and horizon only (no feature of the target's history). */
  public static final String COVARIATES_ONLY = "xgboost_covariates";

  /** Suffix of a model of the target as a ratio of its scale column ({@link ScaledTarget}). */
  public static final String SCALED = "_scaled";

  /** Suffix of a model fitted per series instead of across them ({@link PerSeries}). */
  public static final String PER_SERIES = "_per_series";

  /** Scales below this fraction of the largest one are forecast as 0 by the ratio models. */
  static final double MIN_SCALE = 0.02;

  /** History rows with a zero scale needed before their quantiles replace the models'. */
  static final int MIN_DARK_ROWS = 100;

  private final Settings settings;
  private final Consumer<String> log;

  /**
   * @param maxRows training rows kept (a seeded sample beyond this)
   * @param threads XGBoost threads
   * @param candidates model families competing in the backtest (besides the naive forecasts)
   */
  public record Settings(
      int maxRows,
      int threads,
      long seed,
      HolidayCalendar holidays,
      List<String> candidates,
      int xgboostTrees,
      String targetScale) {
    /** Without a scale column for the target. */
    public Settings(
        int maxRows,
        int threads,
        long seed,
        HolidayCalendar holidays,
        List<String> candidates,
        int xgboostTrees) {
      this(maxRows, threads, seed, holidays, candidates, xgboostTrees, null);
    }

    /**
     * The defaults; {@code -Dgridweave.forecast.max-rows=N} and {@code
     * -Dgridweave.forecast.trees=N} override the two capacity knobs (for experiments).
     */
    public static Settings defaults() {
      return new Settings(
          Integer.getInteger("gridweave.forecast.max-rows", 60_000),
          Math.max(1, Runtime.getRuntime().availableProcessors()),
          20260101L,
          HolidayCalendar.NONE,
          List.of("xgboost", "linear"),
          Integer.getInteger("gridweave.forecast.trees", 400),
          null);
    }

    public Settings withCandidates(List<String> c) {
      return new Settings(
          maxRows, threads, seed, holidays, List.copyOf(c), xgboostTrees, targetScale);
    }

    public Settings withSeed(long s) {
      return new Settings(maxRows, threads, s, holidays, candidates, xgboostTrees, targetScale);
    }

    /**
     * @param column a covariate the target scales with (PV: the top-of-atmosphere energy of the
     *     step), or null; ADR 0014
     */
    public Settings withTargetScale(String column) {
      return new Settings(maxRows, threads, seed, holidays, candidates, xgboostTrees, column);
    }

    public Settings withHolidays(HolidayCalendar h) {
      return new Settings(maxRows, threads, seed, h, candidates, xgboostTrees, targetScale);
    }
  }

  /**
   * The forecasts of one frame's future rows.
   *
   * @param point the chosen model's forecast
   * @param quantiles {@code [quantile][row]}
   * @param week the weekly naive forecast of the same rows
   * @param day the daily persistence forecast of the same rows
   */
  public record SeriesForecast(
      SeriesFrame frame, double[] point, double[][] quantiles, double[] week, double[] day) {}

  /**
   * @param model the chosen model's name
   * @param backtestMae every candidate's MAE in the backtest, naive ones included
   * @param provenance Tribuo provenance of the final model (empty for a naive one)
   * @param features the feature names
   * @param trainedOn training rows of the final model
   */
  public record Result(
      String model,
      Map<String, Double> backtestMae,
      String provenance,
      List<String> features,
      int trainedOn,
      List<SeriesForecast> forecasts,
      double trainSeconds,
      double predictSeconds) {}

  private record Slot(int frame, int origin, int target) {}

  public ForecastEngine(Settings settings, Consumer<String> log) {
    this.settings = settings;
    this.log = log;
  }

  /** Trains and forecasts in one go: {@link #train} then {@link Trained#forecast}. */
  public Result run(List<SeriesFrame> frames, List<String> covariates, List<Double> quantiles) {
    return train(frames, covariates).forecast(quantiles);
  }

  /** A chosen, calibrated and refitted model, ready to forecast the frames' future rows. */
  public final class Trained {
    private final List<SeriesFrame> frames;
    private final FeatureBuilder features;
    private final String chosen;
    private final Learner.Fitted model; // null for a naive forecast
    private final ConformalQuantiles conformal;
    private final ScaledResiduals scaled; // null: quantiles from the level bins alone
    private final ConformalQuantiles dark; // null: no rule for rows whose scale is 0
    private final QuantileAdjustment adjustment; // measured one validation window back
    private final Map<String, Double> maes;
    private final int trainedOn;
    private final double trainSeconds;
    private final List<Trained> members; // empty, or the seeded trainings to average (ADR 0025)

    /** The average of whole trainings with their own seeds; the first one's scores stand. */
    private Trained(List<Trained> members, double trainSeconds) {
      Trained first = members.get(0);
      this.frames = first.frames;
      this.features = first.features;
      this.chosen =
          PIPELINES_PREFIX + String.join(" | ", members.stream().map(Trained::model).toList());
      this.model = null;
      this.conformal = null;
      this.scaled = null;
      this.dark = null;
      this.adjustment = null;
      this.maes = first.maes;
      this.trainedOn = first.trainedOn;
      this.trainSeconds = trainSeconds;
      this.members = List.copyOf(members);
    }

    private Trained(
        List<SeriesFrame> frames,
        FeatureBuilder features,
        String chosen,
        Learner.Fitted model,
        ConformalQuantiles conformal,
        ScaledResiduals scaled,
        ConformalQuantiles dark,
        QuantileAdjustment adjustment,
        Map<String, Double> maes,
        int trainedOn,
        double trainSeconds) {
      this.frames = frames;
      this.features = features;
      this.chosen = chosen;
      this.model = model;
      this.conformal = conformal;
      this.scaled = scaled;
      this.dark = dark;
      this.adjustment = adjustment;
      this.maes = maes;
      this.trainedOn = trainedOn;
      this.trainSeconds = trainSeconds;
      this.members = List.of();
    }

    public String model() {
      return chosen;
    }

    /** Forecasts every future row of every frame from its origin. */
    public Result forecast(List<Double> quantiles) {
      if (!members.isEmpty()) {
        return averaged(quantiles);
      }
      long started = System.nanoTime();
      List<Slot> futureSlots = new ArrayList<>();
      for (int i = 0; i < frames.size(); i++) {
        SeriesFrame f = frames.get(i);
        for (int t : f.testIndex()) {
          futureSlots.add(new Slot(i, f.origin(), t));
        }
      }
      Matrix future = matrix(features, frames, futureSlots);
      double[] point =
          model == null
              ? column(future, chosen.equals(WEEK) ? "lag_week" : "lag_day", "profile_7d")
              : model.predict(future);
      double[] week = column(future, "lag_week", "profile_7d");
      double[] day = column(future, "lag_day", "profile_7d");
      double[] scale = scaled == null ? null : scaled.scale(future, point);
      double[] sun = dark == null ? null : column(future, settings.targetScale());
      List<SeriesForecast> out = new ArrayList<>();
      int r = 0;
      for (SeriesFrame f : frames) {
        int n = f.testIndex().length;
        double[] p = new double[n];
        double[] w = new double[n];
        double[] d = new double[n];
        double[][] q = new double[quantiles.size()][n];
        for (int k = 0; k < n; k++, r++) {
          Slot s = futureSlots.get(r);
          p[k] = point[r];
          w[k] = week[r];
          d[k] = day[r];
          int h = s.target() - s.origin();
          boolean isDark = dark != null && sun[r] <= 0;
          double sz = scale == null ? 0 : scale[r];
          for (int j = 0; j < quantiles.size(); j++) {
            q[j][k] =
                isDark
                    ? dark.quantile(0, 0, quantiles.get(j))
                    : spreadQuantile(
                        conformal, scaled, adjustment, point[r], h, sz, quantiles.get(j));
          }
        }
        out.add(new SeriesForecast(f, p, q, w, d));
      }
      return new Result(
          chosen,
          maes,
          model == null ? "" : model.provenance(),
          List.of(features.names()),
          trainedOn,
          out,
          trainSeconds,
          (System.nanoTime() - started) / 1e9);
    }

    /**
     * Every member's forecast, their point forecasts and each quantile level averaged row by row
     * (quantile averaging keeps the levels in order, as each member's are).
     */
    private Result averaged(List<Double> quantiles) {
      long started = System.nanoTime();
      List<Result> parts = members.stream().map(m -> m.forecast(quantiles)).toList();
      Result first = parts.get(0);
      List<SeriesForecast> out = new ArrayList<>();
      for (int i = 0; i < first.forecasts().size(); i++) {
        SeriesForecast f0 = first.forecasts().get(i);
        int n = f0.point().length;
        double[] p = new double[n];
        double[][] q = new double[quantiles.size()][n];
        for (int k = 0; k < n; k++) {
          for (Result part : parts) {
            SeriesForecast f = part.forecasts().get(i);
            p[k] += f.point()[k];
            for (int j = 0; j < q.length; j++) {
              q[j][k] += f.quantiles()[j][k];
            }
          }
          p[k] /= parts.size();
          for (int j = 0; j < q.length; j++) {
            q[j][k] /= parts.size();
          }
        }
        out.add(new SeriesForecast(f0.frame(), p, q, f0.week(), f0.day()));
      }
      return new Result(
          chosen,
          maes,
          String.join("\n", parts.stream().map(Result::provenance).toList()),
          first.features(),
          trainedOn,
          out,
          trainSeconds,
          (System.nanoTime() - started) / 1e9);
    }
  }

  /**
   * Chooses the model on a backtest inside the history, calibrates the quantiles on its residuals
   * and refits it on all training rows. With a scale column this is done {@value #PIPELINES} times
   * with seeds {@value #PIPELINE_SEED_STEP} apart, and the forecasts are averaged (ADR 0025).
   */
  public Trained train(List<SeriesFrame> frames, List<String> covariates) {
    int pipelines = pipelines(covariates);
    if (pipelines <= 1) {
      return trainOne(frames, covariates);
    }
    long started = System.nanoTime();
    List<Trained> members = new ArrayList<>();
    for (int k = 0; k < pipelines; k++) {
      long seed = settings.seed() + k * PIPELINE_SEED_STEP;
      log.accept("pipeline " + (k + 1) + " of " + pipelines + ": seed " + seed);
      members.add(new ForecastEngine(settings.withSeed(seed), log).trainOne(frames, covariates));
    }
    return new Trained(members, (System.nanoTime() - started) / 1e9);
  }

  /**
   * How many whole seeded trainings are averaged (ADR 0025): {@value #PIPELINES} with a scale
   * column, else 1; {@code -Dgridweave.forecast.pipelines=N} overrides it.
   */
  private int pipelines(List<String> covariates) {
    return scaleColumn(covariates)
        ? Integer.getInteger("gridweave.forecast.pipelines", PIPELINES)
        : 1;
  }

  /** One seeded training: backtest, choice, calibration, replay and refit. */
  private Trained trainOne(List<SeriesFrame> frames, List<String> covariates) {
    long started = System.nanoTime();
    FeatureBuilder features =
        new FeatureBuilder(
            covariates, settings.holidays(), frames.stream().map(SeriesFrame::series).toList());
    List<Slot> slots = trainingSlots(frames);
    List<Slot> fitSlots = new ArrayList<>();
    List<Slot> checkSlots = new ArrayList<>();
    for (Slot s : slots) {
      SeriesFrame f = frames.get(s.frame());
      int split = f.origin() - validationDays(f) * f.day();
      if (s.target() <= split) {
        fitSlots.add(s);
      } else if (s.origin() >= split) {
        checkSlots.add(s);
      }
    }
    if (fitSlots.isEmpty() || checkSlots.isEmpty()) {
      throw new IllegalArgumentException(
          "the history is too short for a backtest (" + slots.size() + " training rows)");
    }
    Matrix fit = matrix(features, frames, fitSlots);
    Matrix check = matrix(features, frames, checkSlots);
    int[] checkHorizon = checkSlots.stream().mapToInt(s -> s.target() - s.origin()).toArray();

    boolean nonNegative = allNonNegative(frames);
    List<String> candidates = new ArrayList<>(settings.candidates());
    if (candidates.contains("xgboost") && !candidates.contains("xgboost_log") && nonNegative) {
      candidates.add("xgboost_log"); // a skewed non-negative target may be better on log scale
    }
    if (candidates.contains("xgboost")
        && !candidates.contains(COVARIATES_ONLY)
        && !covariates.isEmpty()
        && Boolean.parseBoolean(System.getProperty("gridweave.forecast.covariates-only", "true"))) {
      // Far ahead (a month of PV) the lags are stale and mostly noise: the same model on the
      // covariates and the calendar alone competes.
      candidates.add(COVARIATES_ONLY);
    }
    if (scaleColumn(covariates)) {
      // Trees do not extrapolate: the same models of the target as a ratio of its scale (PV over
      // the top-of-atmosphere energy) compete (ADR 0014).
      for (String base : List.copyOf(candidates)) {
        if (base.equals("xgboost") || base.equals(COVARIATES_ONLY)) {
          candidates.add(base + SCALED);
        }
      }
    }
    if (scaleColumn(covariates)
        && PerSeries.applies(features.names())
        && Boolean.parseBoolean(System.getProperty("gridweave.forecast.per-series", "true"))) {
      // One model per series beside the one across them; the ensemble takes what helps.
      for (String base : List.of("xgboost_log", "xgboost" + SCALED, "xgboost", COVARIATES_ONLY)) {
        if (candidates.contains(base)) {
          candidates.add(base + PER_SERIES);
        }
      }
    }
    Map<String, double[]> backtest = new LinkedHashMap<>();
    Map<String, Double> maes = new LinkedHashMap<>();
    for (String name : candidates) {
      score(name, learner(name).fit(fit, settings.seed()).predict(check), check, backtest, maes);
    }
    // The mean of the two best learned models competes too: combining forecasts rarely hurts and
    // often helps, most with noisy targets (households).
    List<String> ranked =
        maes.keySet().stream().sorted(java.util.Comparator.comparingDouble(maes::get)).toList();
    if (ranked.size() >= 2) {
      double[] a = backtest.get(ranked.get(0));
      double[] b = backtest.get(ranked.get(1));
      double[] mean = new double[a.length];
      for (int r = 0; r < mean.length; r++) {
        mean[r] = (a[r] + b[r]) / 2;
      }
      score(BLEND + ranked.get(0) + "+" + ranked.get(1), mean, check, backtest, maes);
    }
    if (scaleColumn(covariates)
        && Boolean.parseBoolean(System.getProperty("gridweave.forecast.ensemble", "true"))) {
      ensemble(candidates, check, backtest, maes);
    }
    score(WEEK, column(check, "lag_week", "profile_7d"), check, backtest, maes);
    score(DAY, column(check, "lag_day", "profile_7d"), check, backtest, maes);
    String chosen =
        maes.entrySet().stream().min(Map.Entry.comparingByValue()).orElseThrow().getKey();
    double lower = nonNegative ? 0 : Double.NEGATIVE_INFINITY;
    // A target with a scale column is a production bounded by its capacity: no quantile above the
    // largest value of the history (ADR 0014).
    double upper = scaleColumn(covariates) ? historyMax(frames) : Double.POSITIVE_INFINITY;
    ConformalQuantiles conformal =
        ConformalQuantiles.fit(
            backtest.get(chosen), check.targets(), checkHorizon, frames.get(0).day(), lower, upper);
    ScaledResiduals scaled =
        Boolean.parseBoolean(System.getProperty("gridweave.forecast.scaled-quantiles", "true"))
            ? ScaledResiduals.fitMixed(
                check,
                backtest.get(chosen),
                checkHorizon,
                checkSlots.stream().mapToInt(s -> (s.target() / frames.get(0).day()) % 2).toArray(),
                conformal,
                frames.get(0).day(),
                settings.threads(),
                settings.seed(),
                log)
            : null;
    ConformalQuantiles dark = darkQuantiles(covariates, fit, check, lower, upper);
    QuantileAdjustment adjustment =
        scaleColumn(covariates)
                && !chosen.equals(WEEK)
                && !chosen.equals(DAY)
                && Boolean.parseBoolean(
                    System.getProperty("gridweave.forecast.replay-spread", "true"))
            ? replaySpread(
                frames,
                features,
                slots,
                chosen,
                check,
                backtest.get(chosen),
                checkHorizon,
                checkSlots,
                lower,
                upper)
            : QuantileAdjustment.NONE;
    Learner.Fitted model;
    if (chosen.equals(WEEK) || chosen.equals(DAY)) {
      model = null;
    } else {
      int seeds = finalSeeds(covariates);
      model = fitNamed(chosen, matrix(features, frames, slots), seeds);
      if (seeds > 1) {
        log.accept("final model: every learner fitted with " + seeds + " seeds, averaged");
      }
    }
    return new Trained(
        List.copyOf(frames),
        features,
        chosen,
        model,
        conformal,
        scaled,
        dark,
        adjustment,
        maes,
        slots.size(),
        (System.nanoTime() - started) / 1e9);
  }

  /** Spread factors tried by {@link #replaySpread}. */
  static final double[] SPREADS = {0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1, 1.2};

  /** Shares of the median's bias correction tried by {@link #replaySpread}, the full one first. */
  static final double[] KEEPS = {1.0, 0.75, 0.5, 0.25, 0.0};

  /** The calibrated {@code q} quantile of a forecast, before any {@link QuantileAdjustment}. */
  static double calibrated(
      ConformalQuantiles conformal,
      ScaledResiduals scaled,
      double point,
      int horizon,
      double size,
      double q) {
    return scaled == null
        ? conformal.quantile(point, horizon, q)
        : scaled.quantile(conformal, point, horizon, size, q);
  }

  /** The {@code q} quantile of a forecast, calibrated then adjusted. */
  static double spreadQuantile(
      ConformalQuantiles conformal,
      ScaledResiduals scaled,
      QuantileAdjustment adjustment,
      double point,
      int horizon,
      double size,
      double q) {
    double v = calibrated(conformal, scaled, point, horizon, size, q);
    if (adjustment.isNone()) {
      return v;
    }
    double median = calibrated(conformal, scaled, point, horizon, size, 0.5);
    return conformal.clip(adjustment.apply(point, median, v));
  }

  /**
   * How much wider or narrower than calibrated the quantiles should be, and how much of the
   * median's bias correction to keep, measured one step back inside the history (ADR 0014's
   * amendment, ADR 0020): the chosen model is fitted once more on the rows whose targets end a
   * validation window before the backtest's, its quantiles are calibrated on that earlier window
   * exactly as the final ones are on the backtest, and then applied to the backtest model's
   * forecasts of the later window, as the final quantiles will be applied to the refitted model's
   * forecasts of the future. The {@link QuantileAdjustment} (a share of the median's correction
   * from {@link #KEEPS}, a factor on the spread around the median from {@link #SPREADS}) that
   * scores the lowest mean pinball (0.01..0.99) there is used, the full correction unless another
   * share is strictly better; {@link QuantileAdjustment#NONE} when the history is too short.
   */
  private QuantileAdjustment replaySpread(
      List<SeriesFrame> frames,
      FeatureBuilder features,
      List<Slot> slots,
      String chosen,
      Matrix check,
      double[] checkForecast,
      int[] checkHorizon,
      List<Slot> checkSlots,
      double lower,
      double upper) {
    List<Slot> fit2 = new ArrayList<>();
    List<Slot> check2 = new ArrayList<>();
    for (Slot s : slots) {
      SeriesFrame f = frames.get(s.frame());
      int split = f.origin() - validationDays(f) * f.day();
      int split2 = split - validationDays(f) * f.day();
      if (s.target() <= split2) {
        fit2.add(s);
      } else if (s.origin() >= split2 && s.target() <= split) {
        check2.add(s);
      }
    }
    if (fit2.size() < 1000 || check2.size() < ScaledResiduals.MIN_ROWS) {
      return QuantileAdjustment.NONE;
    }
    Matrix fitM = matrix(features, frames, fit2);
    Matrix checkM = matrix(features, frames, check2);
    int[] horizon2 = check2.stream().mapToInt(s -> s.target() - s.origin()).toArray();
    double[] forecast2 = fitNamed(chosen, fitM, 1).predict(checkM);
    int day = frames.get(0).day();
    ConformalQuantiles conformal2 =
        ConformalQuantiles.fit(forecast2, checkM.targets(), horizon2, day, lower, upper);
    ScaledResiduals scaled2 =
        ScaledResiduals.fitMixed(
            checkM,
            forecast2,
            horizon2,
            check2.stream().mapToInt(s -> (s.target() / day) % 2).toArray(),
            conformal2,
            day,
            settings.threads(),
            settings.seed(),
            log);
    double[] size = scaled2 == null ? null : scaled2.scale(check, checkForecast);
    double[] sun = column(check, settings.targetScale());
    // The calibrated quantiles of every backtest row (0 where the scale is 0), computed once.
    double[][] calibrated = new double[99][check.size()];
    double[] median = new double[check.size()];
    boolean[] zero = new boolean[check.size()];
    for (int i = 0; i < check.size(); i++) {
      zero[i] = sun[i] <= 0;
      if (!zero[i]) {
        double sz = size == null ? 0 : size[i];
        median[i] = calibrated(conformal2, scaled2, checkForecast[i], checkHorizon[i], sz, 0.5);
        for (int g = 1; g <= 99; g++) {
          calibrated[g - 1][i] =
              calibrated(conformal2, scaled2, checkForecast[i], checkHorizon[i], sz, g / 100.0);
        }
      }
    }
    boolean bias =
        Boolean.parseBoolean(System.getProperty("gridweave.forecast.replay-bias", "true"));
    QuantileAdjustment.Choice choice =
        QuantileAdjustment.choose(
            check.targets(),
            checkForecast,
            median,
            calibrated,
            zero,
            conformal2::clip,
            bias ? KEEPS : new double[] {1.0},
            SPREADS);
    log.accept(
        "quantiles: spread one validation window back (calibrated on "
            + check2.size()
            + " rows, scored on "
            + check.size()
            + "):"
            + choice.trace()
            + " → "
            + choice.best().spread()
            + String.format(
                Locale.ROOT,
                ", median correction kept %.2f (pinball %.6g; %.6g with all of it)",
                choice.best().keep(),
                choice.loss(),
                choice.fullCorrection()));
    return choice.best();
  }

  /**
   * With a scale column (ADR 0014), the quantiles of rows whose scale is 0 (PV: the sun below the
   * horizon for the whole step) are the history's quantiles of the target in such rows, whatever
   * the models say: 0 at night instead of a model's small positive noise. Null without a scale
   * column or with fewer than {@value #MIN_DARK_ROWS} such rows in the history.
   */
  private ConformalQuantiles darkQuantiles(
      List<String> covariates, Matrix fit, Matrix check, double lower, double upper) {
    if (!scaleColumn(covariates)) {
      return null;
    }
    List<Double> targets = new ArrayList<>();
    for (Matrix m : List.of(fit, check)) {
      double[] sun = column(m, settings.targetScale());
      for (int r = 0; r < m.size(); r++) {
        if (sun[r] <= 0 && !Double.isNaN(m.targets()[r])) {
          targets.add(m.targets()[r]);
        }
      }
    }
    if (targets.size() < MIN_DARK_ROWS) {
      return null;
    }
    double[] y = targets.stream().mapToDouble(Double::doubleValue).toArray();
    log.accept(
        "quantiles: rows with "
            + settings.targetScale()
            + " = 0 get the quantiles of the "
            + y.length
            + " such history rows");
    return ConformalQuantiles.fit(new double[y.length], y, new int[y.length], 1, lower, upper);
  }

  /** True when a scale column is set and is one of the covariates. */
  private boolean scaleColumn(List<String> covariates) {
    return settings.targetScale() != null && covariates.contains(settings.targetScale());
  }

  private static double historyMax(List<SeriesFrame> frames) {
    double max = Double.NEGATIVE_INFINITY;
    for (SeriesFrame f : frames) {
      for (int i = 0; i <= f.origin(); i++) {
        double v = f.target(i);
        if (v > max) {
          max = v;
        }
      }
    }
    return max == Double.NEGATIVE_INFINITY ? Double.POSITIVE_INFINITY : max;
  }

  /** Records a candidate's backtest forecasts and their MAE (in insertion order). */
  private void score(
      String name,
      double[] forecasts,
      Matrix check,
      Map<String, double[]> backtest,
      Map<String, Double> maes) {
    double mae = Scores.mae(check.targets(), forecasts);
    backtest.put(name, forecasts);
    maes.put(name, mae);
    log.accept(String.format(Locale.ROOT, "backtest %-20s MAE %.6g", name, mae));
  }

  /**
   * How many seeds the model used for the future is fitted with, its forecasts averaged (ADR 0022):
   * {@value #FINAL_SEEDS} with a scale column, else 1. The backtest and the replay keep one seed.
   */
  private int finalSeeds(List<String> covariates) {
    return scaleColumn(covariates)
        ? Integer.getInteger("gridweave.forecast.final-seeds", FINAL_SEEDS)
        : 1;
  }

  /** A learner fitted with {@code seeds} consecutive seeds from the settings', averaged. */
  private Learner.Fitted fitSeeds(Learner learner, Matrix rows, int seeds) {
    if (seeds <= 1) {
      return learner.fit(rows, settings.seed());
    }
    List<Learner.Fitted> fits = new ArrayList<>();
    for (int k = 0; k < seeds; k++) {
      fits.add(learner.fit(rows, settings.seed() + k));
    }
    return mean(fits);
  }

  /**
   * A learned model, a blend or an ensemble by its name, fitted on {@code rows}, each learner with
   * {@code seeds} seeds averaged.
   */
  private Learner.Fitted fitNamed(String name, Matrix rows, int seeds) {
    if (name.startsWith(BLEND)) {
      List<Learner.Fitted> parts = new ArrayList<>();
      for (String part : name.substring(BLEND.length()).split("\\+")) {
        parts.add(fitSeeds(learner(part), rows, seeds));
      }
      return mean(parts);
    }
    if (name.startsWith(ENSEMBLE)) {
      List<Learner.Fitted> parts = new ArrayList<>();
      List<Double> weights = new ArrayList<>();
      for (String part : name.substring(ENSEMBLE.length()).split("\\+")) {
        String[] nw = part.split("\\*");
        parts.add(fitSeeds(learner(nw[0]), rows, seeds));
        weights.add(Integer.parseInt(nw[1]) / (double) ENSEMBLE_STEPS);
      }
      return weighted(parts, weights);
    }
    return fitSeeds(learner(name), rows, seeds);
  }

  /**
   * Greedy ensemble selection (with replacement) over the learned candidates' backtest forecasts:
   * {@value #ENSEMBLE_STEPS} steps, each adding the model that lowers the backtest MAE of the
   * running mean the most. Scored as one more candidate.
   */
  private void ensemble(
      List<String> learned,
      Matrix check,
      Map<String, double[]> backtest,
      Map<String, Double> maes) {
    int n = check.size();
    double[] sum = new double[n];
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (int step = 1; step <= ENSEMBLE_STEPS; step++) {
      String best = null;
      double bestMae = Double.POSITIVE_INFINITY;
      for (String name : learned) {
        double[] f = backtest.get(name);
        double[] trial = new double[n];
        for (int r = 0; r < n; r++) {
          trial[r] = (sum[r] + f[r]) / step;
        }
        double mae = Scores.mae(check.targets(), trial);
        if (mae < bestMae) {
          bestMae = mae;
          best = name;
        }
      }
      double[] f = backtest.get(best);
      for (int r = 0; r < n; r++) {
        sum[r] += f[r];
      }
      counts.merge(best, 1, Integer::sum);
    }
    StringBuilder name = new StringBuilder(ENSEMBLE);
    counts.forEach(
        (m, c) -> name.append(name.length() > ENSEMBLE.length() ? "+" : "").append(m + "*" + c));
    double[] mean = new double[n];
    for (int r = 0; r < n; r++) {
      mean[r] = sum[r] / ENSEMBLE_STEPS;
    }
    score(name.toString(), mean, check, backtest, maes);
  }

  /** The forecast of several fitted models, averaged with weights summing to 1. */
  private static Learner.Fitted weighted(List<Learner.Fitted> parts, List<Double> weights) {
    Learner.Fitted m = mean(parts);
    return new Learner.Fitted() {
      @Override
      public double[] predict(Matrix rows) {
        double[] sum = new double[rows.size()];
        for (int k = 0; k < parts.size(); k++) {
          double[] v = parts.get(k).predict(rows);
          for (int r = 0; r < sum.length; r++) {
            sum[r] += v[r] * weights.get(k);
          }
        }
        return sum;
      }

      @Override
      public String provenance() {
        return m.provenance();
      }
    };
  }

  /** The forecast of several fitted models, averaged. */
  private static Learner.Fitted mean(List<Learner.Fitted> parts) {
    return new Learner.Fitted() {
      @Override
      public double[] predict(Matrix rows) {
        double[] sum = new double[rows.size()];
        for (Learner.Fitted p : parts) {
          double[] v = p.predict(rows);
          for (int r = 0; r < sum.length; r++) {
            sum[r] += v[r] / parts.size();
          }
        }
        return sum;
      }

      @Override
      public String provenance() {
        StringBuilder b = new StringBuilder("[");
        for (Learner.Fitted p : parts) {
          b.append(b.length() > 1 ? "," : "").append(p.provenance());
        }
        return b.append(']').toString();
      }
    };
  }

  private static boolean allNonNegative(List<SeriesFrame> frames) {
    for (SeriesFrame f : frames) {
      for (int i = 0; i <= f.origin(); i++) {
        if (f.target(i) < 0) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * Days of history whose origins form the backtest: four weeks, or a week more than the horizon
   * when that is longer, but at most a third of the history (and at least a week). Four weeks give
   * the quantile calibration several hundred residuals per horizon even for a day-ahead forecast.
   */
  private static int validationDays(SeriesFrame f) {
    int horizonDays = (f.maxHorizon() + f.day() - 1) / f.day();
    int historyDays = (f.origin() + 1) / f.day();
    int wanted = Math.max(28, horizonDays + 7);
    return Math.max(7, Math.min(wanted, historyDays / 3));
  }

  /**
   * Origins every day at the forecast origin's time of day, going back from it; from each, every
   * horizon the future rows need whose target is still inside the history. Beyond {@code maxRows},
   * a seeded sample.
   */
  private List<Slot> trainingSlots(List<SeriesFrame> frames) {
    List<Slot> all = new ArrayList<>();
    for (int i = 0; i < frames.size(); i++) {
      SeriesFrame f = frames.get(i);
      int day = f.day();
      int horizon = f.maxHorizon();
      for (int o = f.origin() - day; o >= 7 * day; o -= day) {
        for (int k = 1; k <= horizon && o + k <= f.origin(); k++) {
          if (!Double.isNaN(f.target(o + k))) {
            all.add(new Slot(i, o, o + k));
          }
        }
      }
    }
    if (all.size() <= settings.maxRows()) {
      return all;
    }
    SplittableRandom random = new SplittableRandom(settings.seed());
    double keep = (double) settings.maxRows() / all.size();
    List<Slot> sample = new ArrayList<>(settings.maxRows());
    for (Slot s : all) {
      if (random.nextDouble() < keep) {
        sample.add(s);
      }
    }
    log.accept("training rows: kept a seeded sample of " + sample.size() + " of " + all.size());
    return sample;
  }

  private static Matrix matrix(
      FeatureBuilder features, List<SeriesFrame> frames, List<Slot> slots) {
    double[][] rows = new double[slots.size()][];
    double[] targets = new double[slots.size()];
    for (int r = 0; r < slots.size(); r++) {
      Slot s = slots.get(r);
      SeriesFrame f = frames.get(s.frame());
      rows[r] = features.row(f, s.origin(), s.target());
      targets[r] = s.target() <= f.origin() ? f.target(s.target()) : Double.NaN;
    }
    return new Matrix(features.names(), rows, targets);
  }

  /** A feature column. */
  private static double[] column(Matrix m, String name) {
    int c = indexOf(m.names(), name);
    double[] out = new double[m.size()];
    for (int r = 0; r < out.length; r++) {
      out[r] = m.rows()[r][c];
    }
    return out;
  }

  /** A feature column as a forecast, with a fallback column where it is missing. */
  private static double[] column(Matrix m, String name, String fallback) {
    int c = indexOf(m.names(), name);
    int b = indexOf(m.names(), fallback);
    double[] out = new double[m.size()];
    for (int r = 0; r < out.length; r++) {
      double v = m.rows()[r][c];
      out[r] = Double.isNaN(v) ? m.rows()[r][b] : v;
    }
    return out;
  }

  private static int indexOf(String[] names, String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    throw new IllegalArgumentException(name);
  }

  private Learner learner(String name) {
    if (name.endsWith(PER_SERIES)) {
      return new PerSeries(name, learner(name.substring(0, name.length() - PER_SERIES.length())));
    }
    if (name.endsWith(SCALED) && settings.targetScale() != null) {
      String base = name.substring(0, name.length() - SCALED.length());
      return new ScaledTarget(name, learner(base), settings.targetScale(), MIN_SCALE);
    }
    return switch (name) {
      case COVARIATES_ONLY ->
          new FeatureSubset(
              COVARIATES_ONLY,
              TribuoLearner.xgboost(settings.xgboostTrees(), 7, settings.threads()),
              n -> !FeatureBuilder.fromTargetHistory(n));
      case "xgboost" -> TribuoLearner.xgboost(settings.xgboostTrees(), 7, settings.threads());
      case "extra_trees" -> TribuoLearner.extraTrees(24, 12);
      case "linear" -> TribuoLearner.linear(8);
      case "xgboost_log" ->
          TribuoLearner.xgboost(settings.xgboostTrees(), 7, settings.threads()).onLogScale();
      default ->
          throw new IllegalArgumentException(
              "unknown model '"
                  + name
                  + "' (known: xgboost, xgboost_log, "
                  + COVARIATES_ONLY
                  + ", linear, extra_trees)");
    };
  }
}

package org.gridweave.simulations.engine;

import java.time.Instant;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.gridweave.forecasting.data.InputException;
import org.gridweave.forecasting.data.Row;
import org.gridweave.forecasting.data.SeriesFrame;
import org.gridweave.forecasting.engine.ForecastEngine;
import org.gridweave.forecasting.features.HolidayCalendar;
import org.gridweave.forecasting.service.history.HistoryRequirement;
import org.gridweave.simulations.profile.SolarGeometry;
import org.gridweave.simulations.scenario.Scenario;

/**
 * The {@code tribuo} forecasting mode: the forecasting module's {@link ForecastEngine} — the same
 * features, Tribuo models, backtest choice and conformal quantiles the forecasting service runs —
 * trained on the simulated history on the virtual clock.
 *
 * <p>Affordable by aggregation: the engine forecasts each <b>feeder's</b> total demand and total
 * generation (PV + wind), one model across the feeders per quantity (the engine's series indicators
 * tell them apart); each prosumer's forecast is its feeder's forecast times the prosumer's share of
 * that feeder's demand (or PV, or wind) over the training window. So a training costs two engine
 * runs whatever the number of prosumers.
 *
 * <p>Every {@code retrain_every} the models are retrained on the last {@code history_days} of
 * history and forecast up to the next training plus the dispatch horizon (the service likewise
 * forecasts at training time). Until the engine's backtest has enough history ({@link
 * HistoryRequirement}) — and after a training the engine refused — the naive forecast (a day
 * earlier) stands in; those steps are counted as warm-up.
 */
final class TribuoForecasts {
  /** Tribuo logs every SGD epoch at INFO; held here so the level sticks (JUL keeps weak refs). */
  private static final java.util.logging.Logger TRIBUO_LOG =
      java.util.logging.Logger.getLogger("org.tribuo");

  static {
    TRIBUO_LOG.setLevel(java.util.logging.Level.WARNING);
  }

  private final Scenario s;
  private final Prosumers p;
  private final int n;
  private final int nf;
  private final int spd;
  private final int retrainSteps;
  private final int length;
  private final int windowSteps;
  private final long warmupSteps;
  private final ForecastEngine.Settings settings;
  private final List<Double> quantiles;

  /** Feeder totals by absolute step (kW). */
  private final double[][] feederDemand;

  private final double[][] feederGeneration;

  /** Per prosumer and day of the window (a ring): demand, PV and wind summed (kW steps). */
  private final double[][] dayDemand;

  private final double[][] dayPv;
  private final double[][] dayWind;

  private long origin = -1; // first forecast step of the current forecasts; -1: none
  private final double[][] fcDemand; // [feeder][k]
  private final double[][] fcGeneration;
  private final double[][][] qDemand; // [quantile][feeder][k]
  private final double[][][] qGeneration;
  private final double[] shareDemand;
  private final double[] sharePv;
  private final double[] shareWind;

  private long retrains;
  private long failures;
  private long scoredSteps;
  private long warmup;
  private double tribuoDemandErr, tribuoGenErr, naiveDemandErr, naiveGenErr;
  private long sitePoints;
  private double demandPinball, generationPinball;
  private long feederPoints;
  private final Map<String, Integer> demandModels = new TreeMap<>();
  private final Map<String, Integer> generationModels = new TreeMap<>();
  private String lastFailure = "";
  private double trainSeconds;

  TribuoForecasts(Scenario s, Prosumers p, int dispatchHorizon) {
    this.s = s;
    this.p = p;
    this.n = p.n;
    this.nf = s.feeders().size();
    this.spd = s.stepsPerDay();
    Scenario.Tribuo t = s.tribuo();
    this.retrainSteps = (int) (t.retrainEvery().toSeconds() / s.step().toSeconds());
    this.length = retrainSteps + dispatchHorizon;
    this.windowSteps = t.historyDays() * spd;
    this.warmupSteps =
        HistoryRequirement.minimum(s.step().multipliedBy(length)).toSeconds() / s.step().toSeconds()
            + 1;
    this.settings =
        new ForecastEngine.Settings(
            t.maxRows(),
            1,
            s.seed(),
            HolidayCalendar.NONE,
            List.of("xgboost", "linear"),
            t.trees());
    this.quantiles = t.quantiles();
    int steps = (int) s.steps();
    this.feederDemand = new double[nf][steps];
    this.feederGeneration = new double[nf][steps];
    this.dayDemand = new double[t.historyDays()][n];
    this.dayPv = new double[t.historyDays()][n];
    this.dayWind = new double[t.historyDays()][n];
    this.fcDemand = new double[nf][length];
    this.fcGeneration = new double[nf][length];
    this.qDemand = new double[quantiles.size()][nf][length];
    this.qGeneration = new double[quantiles.size()][nf][length];
    this.shareDemand = new double[n];
    this.sharePv = new double[n];
    this.shareWind = new double[n];
  }

  /** Retrains when step {@code a} is due, before its forecasts are read. */
  void beforeStep(long a) {
    if (a >= warmupSteps && (a - warmupSteps) % retrainSteps == 0) {
      retrain(a);
    }
    if (active(a)) {
      scoredSteps++;
    } else {
      warmup++;
    }
  }

  /** Whether the engine's forecasts cover step {@code a} (otherwise the naive one stands in). */
  boolean active(long a) {
    return origin >= 0 && a >= origin && a - origin < retrainSteps;
  }

  /** Prosumer {@code i}'s demand forecast for step {@code t} (made at the last training), kW. */
  double demand(int i, long t) {
    return shareDemand[i] * fcDemand[p.feeder[i]][index(t)];
  }

  double pv(int i, long t) {
    return sharePv[i] * fcGeneration[p.feeder[i]][index(t)];
  }

  double wind(int i, long t) {
    return shareWind[i] * fcGeneration[p.feeder[i]][index(t)];
  }

  private int index(long t) {
    return (int) Math.min(length - 1, t - origin);
  }

  /** A site-level comparison of the engine's and the naive forecast on an active step. */
  void tally(double tribuoDemand, double tribuoGen, double naiveDemand, double naiveGen) {
    tribuoDemandErr += tribuoDemand;
    tribuoGenErr += tribuoGen;
    naiveDemandErr += naiveDemand;
    naiveGenErr += naiveGen;
    sitePoints++;
  }

  /** Records step {@code a}'s true values (after its forecasts were used). */
  void observe(long a, Simulation.StepState st) {
    int ring = (int) ((a / spd) % dayDemand.length);
    if (a % spd == 0) {
      java.util.Arrays.fill(dayDemand[ring], 0);
      java.util.Arrays.fill(dayPv[ring], 0);
      java.util.Arrays.fill(dayWind[ring], 0);
    }
    double[] dd = dayDemand[ring];
    double[] dp = dayPv[ring];
    double[] dw = dayWind[ring];
    int step = (int) a;
    for (int i = 0; i < n; i++) {
      dd[i] += st.demand[i];
      dp[i] += st.pv[i];
      dw[i] += st.wind[i];
      feederDemand[p.feeder[i]][step] += st.demand[i];
      feederGeneration[p.feeder[i]][step] += st.pv[i] + st.wind[i];
    }
    if (active(a)) {
      int k = index(a);
      for (int f = 0; f < nf; f++) {
        for (int j = 0; j < quantiles.size(); j++) {
          demandPinball += pinball(quantiles.get(j), feederDemand[f][step], qDemand[j][f][k]);
          generationPinball +=
              pinball(quantiles.get(j), feederGeneration[f][step], qGeneration[j][f][k]);
        }
        feederPoints++;
      }
    }
  }

  private static double pinball(double q, double actual, double forecast) {
    double d = actual - forecast;
    return d >= 0 ? q * d : (q - 1) * d;
  }

  private void retrain(long a) {
    long started = System.nanoTime();
    int from = (int) Math.max(0, a - windowSteps);
    origin = -1;
    try {
      train(a, from, feederDemand, fcDemand, qDemand, false, demandModels);
      train(a, from, feederGeneration, fcGeneration, qGeneration, true, generationModels);
    } catch (InputException | IllegalArgumentException e) {
      failures++;
      lastFailure = e.getMessage();
      trainSeconds += (System.nanoTime() - started) / 1e9;
      return;
    }
    shares();
    origin = a;
    retrains++;
    trainSeconds += (System.nanoTime() - started) / 1e9;
  }

  /** Each prosumer's share of its feeder's demand, and of its generation (PV, wind). */
  private void shares() {
    double[] fd = new double[nf];
    double[] fg = new double[nf];
    double[] sd = new double[n];
    double[] sp = new double[n];
    double[] sw = new double[n];
    for (int d = 0; d < dayDemand.length; d++) {
      for (int i = 0; i < n; i++) {
        sd[i] += dayDemand[d][i];
        sp[i] += dayPv[d][i];
        sw[i] += dayWind[d][i];
      }
    }
    for (int i = 0; i < n; i++) {
      fd[p.feeder[i]] += sd[i];
      fg[p.feeder[i]] += sp[i] + sw[i];
    }
    for (int i = 0; i < n; i++) {
      int f = p.feeder[i];
      shareDemand[i] = fd[f] > 0 ? sd[i] / fd[f] : 0;
      sharePv[i] = fg[f] > 0 ? sp[i] / fg[f] : 0;
      shareWind[i] = fg[f] > 0 ? sw[i] / fg[f] : 0;
    }
  }

  /**
   * One engine run across the feeders whose history is not all zero (a feeder without PV or wind is
   * forecast as 0).
   */
  private void train(
      long a,
      int from,
      double[][] history,
      double[][] point,
      double[][][] q,
      boolean generation,
      Map<String, Integer> models) {
    List<Integer> used = new ArrayList<>();
    for (int f = 0; f < nf; f++) {
      java.util.Arrays.fill(point[f], 0);
      for (double[][] qj : q) {
        java.util.Arrays.fill(qj[f], 0);
      }
      double sum = 0;
      for (int t = from; t < a; t++) {
        sum += history[f][t];
      }
      if (sum > 0) {
        used.add(f);
      }
    }
    if (used.isEmpty()) {
      return;
    }
    List<String> covariates = generation ? List.of("sun") : List.of();
    long start = s.start().getEpochSecond();
    long stepSeconds = s.step().toSeconds();
    List<SeriesFrame> frames = new ArrayList<>();
    for (int f : used) {
      String series = s.feeders().get(f).id();
      List<Row> train = new ArrayList<>((int) (a - from));
      for (int t = from; t < a; t++) {
        train.add(row(t - from + 2, series, start + t * stepSeconds, history[f][t], generation));
      }
      List<Row> future = new ArrayList<>(length);
      for (int k = 0; k < length; k++) {
        future.add(row(k + 2, series, start + (a + k) * stepSeconds, Double.NaN, generation));
      }
      frames.add(
          SeriesFrame.of(series, train, future, "history", "future", covariates.size(), m -> {}));
    }
    ForecastEngine.Result r =
        new ForecastEngine(settings, m -> {}).run(frames, covariates, quantiles);
    models.merge(r.model(), 1, Integer::sum);
    for (int u = 0; u < used.size(); u++) {
      int f = used.get(u);
      ForecastEngine.SeriesForecast sf = r.forecasts().get(u);
      for (int k = 0; k < length; k++) {
        point[f][k] = Math.max(0, sf.point()[k]);
        for (int j = 0; j < quantiles.size(); j++) {
          q[j][f][k] = Math.max(0, sf.quantiles()[j][k]);
        }
      }
    }
  }

  private Row row(long line, String series, long epochSecond, double value, boolean sun) {
    Instant t = Instant.ofEpochSecond(epochSecond);
    double[] features =
        sun
            ? new double[] {
              Math.max(
                  0,
                  SolarGeometry.sinElevation(
                      s.latitude(), s.longitude(), epochSecond + s.step().toSeconds() / 2.0))
            }
            : new double[0];
    return new Row(
        line, series, t.toString(), t, LocalDateTime.ofInstant(t, s.zone()), value, features);
  }

  /** Seconds spent training and forecasting (for {@code perf.json}; not deterministic). */
  double trainSeconds() {
    return trainSeconds;
  }

  /** The {@code forecast} section's tribuo figures (deterministic). */
  Map<String, Object> summary() {
    Map<String, Object> m = new TreeMap<>();
    Scenario.Tribuo t = s.tribuo();
    long hours = t.retrainEvery().toHours();
    m.put("retrain_every", hours % 24 == 0 ? hours / 24 + "d" : hours + "h");
    m.put("history_days", t.historyDays());
    m.put("trees", t.trees());
    m.put("max_rows", t.maxRows());
    m.put(
        "quantiles",
        String.join(",", t.quantiles().stream().map(q -> Double.toString(q)).toList()));
    m.put("aggregation", "per feeder, disaggregated by each prosumer's share of the window");
    m.put("warmup_steps_needed", warmupSteps);
    m.put("retrains", retrains);
    m.put("training_failures", failures);
    if (failures > 0) {
      m.put("last_training_failure", lastFailure);
    }
    m.put("scored_steps", scoredSteps);
    m.put("naive_steps", warmup);
    Map<String, Object> models = new TreeMap<>();
    models.put("demand", new TreeMap<>(demandModels));
    models.put("generation", new TreeMap<>(generationModels));
    m.put("models_chosen", models);
    return m;
  }

  /** MAE per mode over the steps the engine's forecasts covered, and its pinball loss. */
  Map<String, Object> byMode() {
    Map<String, Object> m = new TreeMap<>();
    Map<String, Object> tribuo = new TreeMap<>();
    Map<String, Object> naive = new TreeMap<>();
    double sp = Math.max(1, sitePoints);
    tribuo.put("demand_mae_kw", tribuoDemandErr / sp);
    tribuo.put("generation_mae_kw", tribuoGenErr / sp);
    double fp = Math.max(1, feederPoints) * Math.max(1, quantiles.size());
    tribuo.put("feeder_demand_pinball_kw", demandPinball / fp);
    tribuo.put("feeder_generation_pinball_kw", generationPinball / fp);
    naive.put("demand_mae_kw", naiveDemandErr / sp);
    naive.put("generation_mae_kw", naiveGenErr / sp);
    m.put("tribuo", tribuo);
    m.put("naive", naive);
    m.put("steps", scoredSteps);
    return m;
  }
}

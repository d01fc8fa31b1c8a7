package org.gridweave.controller.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.gridweave.controller.grid.Battery;
import org.gridweave.controller.grid.Feeder;
import org.gridweave.controller.grid.FlexibleLoad;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.controller.tariff.Tariff;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.SiteId;

/**
 * Everything one dispatch needs, compiled into arrays (kW, kWh, price per kWh; index = step from
 * {@link #start()}). Immutable. Built by {@link #of}; its inputs are validated there (every site
 * has a forecast of the horizon's length and a state).
 */
public final class DispatchProblem {

  /** One site, compiled. Arrays are shared, never modified. */
  public static final class SiteInputs {
    public final Site site;
    public final int index;
    public final int feeder;
    public final double[] demand;
    public final double[] pv;
    public final double[] wind;
    public final double importLimit;
    public final double exportLimit;
    public final boolean hasBattery;
    public final double chargeMax;
    public final double dischargeMax;
    public final double energyMin;
    public final double energyMax;
    public final double eta;
    public final double energy0;
    public final boolean hasFlex;
    public final double flexMax;
    public final List<FlexWindow> windows;
    public final int[] windowOfStep;
    public final double curtailmentCost;

    /** The site's market trades per step, or {@code null} without trades in the horizon. */
    private final MarketCommitments.Commitment traded;

    SiteInputs(
        Site site,
        int index,
        int feeder,
        SiteForecast f,
        SiteState state,
        Instant start,
        Duration step,
        int steps,
        java.time.ZoneId zone,
        double defaultCurtailmentCost,
        MarketCommitments.Commitment traded) {
      this.site = site;
      this.index = index;
      this.feeder = feeder;
      this.demand = f.demand();
      this.pv = site.hasPv() ? f.pv() : new double[steps];
      this.wind = f.wind();
      this.importLimit = site.importLimit().kilowatts();
      this.exportLimit = site.exportLimit().kilowatts();
      Battery b = site.battery().orElse(null);
      this.hasBattery = b != null;
      this.chargeMax = b == null ? 0 : b.maxCharge().kilowatts();
      this.dischargeMax = b == null ? 0 : b.maxDischarge().kilowatts();
      this.energyMin = b == null ? 0 : b.minEnergyKwh();
      this.energyMax = b == null ? 0 : b.maxEnergyKwh();
      this.eta = b == null ? 1 : b.oneWayEfficiency();
      this.energy0 = b == null ? 0 : Math.max(0, Math.min(state.batteryKwh(), b.capacityKwh()));
      FlexibleLoad fl = site.flexibleLoad().orElse(null);
      this.hasFlex = fl != null;
      this.flexMax = fl == null ? 0 : fl.maxPower().kilowatts();
      this.curtailmentCost = site.curtailmentCostPerKwh().orElse(defaultCurtailmentCost);
      this.traded = traded;
      this.windowOfStep = new int[steps];
      java.util.Arrays.fill(windowOfStep, -1);
      this.windows =
          fl == null
              ? List.of()
              : windowsOf(fl, state.flexServedKwh(), start, step, steps, zone, windowOfStep);
    }

    /**
     * Lowest energy the battery may hold at the end of any step: the planning floor, or where it is
     * now if that is lower (a battery found below its floor is brought back by a penalty in the LP,
     * never by a hard bound that could make the plan infeasible).
     */
    public double energyLow() {
      return Math.min(energyMin, energy0);
    }

    /**
     * Highest energy the battery may hold at the end of any step (likewise for a battery above its
     * ceiling).
     */
    public double energyHigh() {
      return Math.max(energyMax, energy0);
    }

    public double capacity() {
      return site.battery().map(b -> b.capacityKwh()).orElse(0.0);
    }

    /** Whether the site traded energy for delivery within the horizon. */
    public boolean hasCommitments() {
      return traded != null;
    }

    /** kWh sold in the market for step t. */
    public double sold(int t) {
      return traded == null ? 0 : traded.sold(t);
    }

    /** kWh bought in the market for step t. */
    public double bought(int t) {
      return traded == null ? 0 : traded.bought(t);
    }

    /**
     * Net kWh traded for step t: > 0 a net sale, < 0 a net purchase, 0 none (or as much sold as
     * bought: then the tariff alone prices the step).
     */
    public double netTradedKwh(int t) {
      return sold(t) - bought(t);
    }

    /** PV plus wind minus demand at step t, before any decision (kW; negative = deficit). */
    public double surplus(int t) {
      return pv[t] + wind[t] - demand[t];
    }
  }

  private final GridModel grid;
  private final Instant start;
  private final DispatchSettings settings;
  private final List<SiteInputs> sites;
  private final List<List<SiteInputs>> sitesByFeeder;
  private final double[] importPrice;
  private final double[] exportPrice;
  private final double[][] feederImportCap;
  private final double[][] feederExportCap;
  private final double[] transformerImportCap;
  private final double[] transformerExportCap;
  private final double lowestImportPrice;
  private final double deliveryPenaltyPerKwh;

  private DispatchProblem(
      GridModel grid,
      Instant start,
      DispatchSettings settings,
      List<SiteInputs> sites,
      double[] importPrice,
      double[] exportPrice,
      double[][] feederImportCap,
      double[][] feederExportCap,
      double[] transformerImportCap,
      double[] transformerExportCap,
      double deliveryPenaltyPerKwh) {
    this.grid = grid;
    this.deliveryPenaltyPerKwh = deliveryPenaltyPerKwh;
    this.start = start;
    this.settings = settings;
    this.sites = sites;
    this.importPrice = importPrice;
    this.exportPrice = exportPrice;
    this.feederImportCap = feederImportCap;
    this.feederExportCap = feederExportCap;
    this.transformerImportCap = transformerImportCap;
    this.transformerExportCap = transformerExportCap;
    List<List<SiteInputs>> byFeeder = new ArrayList<>();
    for (int f = 0; f < grid.feeders().size(); f++) {
      byFeeder.add(new ArrayList<>());
    }
    for (SiteInputs s : sites) {
      byFeeder.get(s.feeder).add(s);
    }
    this.sitesByFeeder = byFeeder;
    double minImport = Double.POSITIVE_INFINITY;
    for (double p : importPrice) {
      minImport = Math.min(minImport, p);
    }
    this.lowestImportPrice = minImport;
  }

  /**
   * Compiles a problem.
   *
   * @param forecasts one per site, each {@code settings.horizonSteps()} long
   * @param states one per site
   * @param feederMargins optional per-feeder margins from feeder-level quantile forecasts ({@code
   *     [0]} import direction, {@code [1]} reverse flow, kW per step); feeders without one use the
   *     sum of their sites' margins (conservative: it assumes the sites' errors coincide)
   */
  public static DispatchProblem of(
      GridModel grid,
      Instant start,
      DispatchSettings settings,
      Tariff tariff,
      Map<SiteId, SiteForecast> forecasts,
      Map<SiteId, SiteState> states,
      Map<FeederId, double[][]> feederMargins) {
    return of(
        grid, start, settings, tariff, forecasts, states, feederMargins, MarketCommitments.NONE);
  }

  /**
   * Compiles a problem with the market's commitments: energy the sites sold or bought for delivery
   * within the horizon (see {@link MarketCommitments}).
   */
  public static DispatchProblem of(
      GridModel grid,
      Instant start,
      DispatchSettings settings,
      Tariff tariff,
      Map<SiteId, SiteForecast> forecasts,
      Map<SiteId, SiteState> states,
      Map<FeederId, double[][]> feederMargins,
      MarketCommitments traded) {
    int n = settings.horizonSteps();
    Duration step = settings.step();
    Map<FeederId, Integer> feederIndex = new HashMap<>();
    for (int f = 0; f < grid.feeders().size(); f++) {
      feederIndex.put(grid.feeders().get(f).id(), f);
    }
    int nf = grid.feeders().size();
    double[][] siteMarginImp = new double[nf][n];
    double[][] siteMarginExp = new double[nf][n];
    List<SiteInputs> sites = new ArrayList<>(grid.sites().size());
    for (Site site : grid.sites()) {
      SiteForecast f = forecasts.get(site.id());
      if (f == null) {
        throw new MissingInputException("no forecast for site " + site.id());
      }
      if (f.steps() < n) {
        throw new MissingInputException(
            "the forecast for site " + site.id() + " covers " + f.steps() + " of " + n + " steps");
      }
      if (f.steps() > n) {
        f = truncate(f, n);
      }
      SiteState state = states.getOrDefault(site.id(), SiteState.EMPTY);
      int fi = feederIndex.get(site.feeder());
      SiteInputs in =
          new SiteInputs(
              site,
              sites.size(),
              fi,
              f,
              state,
              start,
              step,
              n,
              grid.zone(),
              settings.curtailmentPenaltyPerKwh(),
              traded.bySite().get(site.id()));
      sites.add(in);
      for (int t = 0; t < n; t++) {
        siteMarginImp[fi][t] +=
            f.demandUp(t) + (site.hasPv() || site.hasWind() ? f.generationDown(t) : 0);
        siteMarginExp[fi][t] +=
            f.demandDown(t) + (site.hasPv() || site.hasWind() ? f.generationUp(t) : 0);
      }
    }
    double[][] impCap = new double[nf][n];
    double[][] expCap = new double[nf][n];
    double[] trImp = new double[n];
    double[] trExp = new double[n];
    double trLimit = grid.transformerLimit().kilowatts();
    for (int fi = 0; fi < nf; fi++) {
      Feeder feeder = grid.feeders().get(fi);
      double limit = feeder.limit().kilowatts();
      double[][] given = feederMargins == null ? null : feederMargins.get(feeder.id());
      for (int t = 0; t < n; t++) {
        double mi = given != null ? Math.max(0, given[0][t]) : siteMarginImp[fi][t];
        double me = given != null ? Math.max(0, given[1][t]) : siteMarginExp[fi][t];
        impCap[fi][t] = limit - mi;
        expCap[fi][t] = limit - me;
        trImp[t] += mi;
        trExp[t] += me;
      }
    }
    for (int t = 0; t < n; t++) {
      trImp[t] = trLimit - trImp[t];
      trExp[t] = trLimit - trExp[t];
    }
    double[] ip = new double[n];
    double[] ep = new double[n];
    for (int t = 0; t < n; t++) {
      Instant at = start.plus(step.multipliedBy(t));
      ip[t] = tariff.importPerKwh(at);
      ep[t] = tariff.exportPerKwh(at);
    }
    return new DispatchProblem(
        grid, start, settings, sites, ip, ep, impCap, expCap, trImp, trExp, traded.penaltyPerKwh());
  }

  private static SiteForecast truncate(SiteForecast f, int n) {
    return new SiteForecast(
        java.util.Arrays.copyOf(f.demand(), n),
        java.util.Arrays.copyOf(f.pv(), n),
        java.util.Arrays.copyOf(f.wind(), n),
        f.demandLow() == null ? null : java.util.Arrays.copyOf(f.demandLow(), n),
        f.demandHigh() == null ? null : java.util.Arrays.copyOf(f.demandHigh(), n),
        f.generationLow() == null ? null : java.util.Arrays.copyOf(f.generationLow(), n),
        f.generationHigh() == null ? null : java.util.Arrays.copyOf(f.generationHigh(), n));
  }

  static List<FlexWindow> windowsOf(
      FlexibleLoad fl,
      double servedInOpenWindow,
      Instant start,
      Duration step,
      int steps,
      java.time.ZoneId zone,
      int[] windowOfStep) {
    List<FlexWindow> out = new ArrayList<>();
    Instant end = start.plus(step.multipliedBy(steps));
    LocalDate day = start.atZone(zone).toLocalDate().minusDays(1);
    double energy = fl.energy().kilowattHours();
    while (true) {
      ZonedDateTime open = day.atTime(fl.windowStart()).atZone(zone);
      LocalDate closeDay = fl.windowEnd().isAfter(fl.windowStart()) ? day : day.plusDays(1);
      ZonedDateTime close = closeDay.atTime(fl.windowEnd()).atZone(zone);
      day = day.plusDays(1);
      if (!open.toInstant().isBefore(end)) {
        break;
      }
      if (!close.toInstant().isAfter(start)) {
        continue;
      }
      int from = stepAtOrAfter(start, step, open.toInstant());
      int closeStep = stepAtOrAfter(start, step, close.toInstant());
      int to = Math.min(steps, closeStep);
      if (to <= from) {
        continue;
      }
      boolean alreadyOpen = open.toInstant().isBefore(start);
      boolean closes = !close.toInstant().isAfter(end);
      double due = Math.max(0, energy - (alreadyOpen ? servedInOpenWindow : 0));
      // a window already open when the plan starts may have run unmeasured (protocol v1 has no
      // flexible-load counter): ask only for what the rest of it can still deliver
      double canStill = fl.maxPower().kilowatts() * (to - from) * step.toSeconds() / 3600.0;
      double required = closes ? Math.min(due, canStill) : 0;
      int w = out.size();
      for (int t = from; t < to; t++) {
        windowOfStep[t] = w;
      }
      out.add(new FlexWindow(from, to, required, closes, close.toInstant(), due, closeStep));
    }
    return List.copyOf(out);
  }

  private static int stepAtOrAfter(Instant start, Duration step, Instant t) {
    if (!t.isAfter(start)) {
      return 0;
    }
    long nanos = Duration.between(start, t).toNanos();
    long stepNanos = step.toNanos();
    return (int) ((nanos + stepNanos - 1) / stepNanos);
  }

  public GridModel grid() {
    return grid;
  }

  public Instant start() {
    return start;
  }

  public DispatchSettings settings() {
    return settings;
  }

  public int steps() {
    return settings.horizonSteps();
  }

  public double stepHours() {
    return settings.stepHours();
  }

  public List<SiteInputs> sites() {
    return sites;
  }

  public List<List<SiteInputs>> sitesByFeeder() {
    return sitesByFeeder;
  }

  public double importPrice(int t) {
    return importPrice[t];
  }

  public double exportPrice(int t) {
    return exportPrice[t];
  }

  /** The most a feeder may import at step t once the uncertainty margin is kept free (kW). */
  public double feederImportCap(int feeder, int t) {
    return feederImportCap[feeder][t];
  }

  /** The most a feeder may send back to the substation at step t, margin kept (kW). */
  public double feederExportCap(int feeder, int t) {
    return feederExportCap[feeder][t];
  }

  public double transformerImportCap(int t) {
    return transformerImportCap[t];
  }

  public double transformerExportCap(int t) {
    return transformerExportCap[t];
  }

  /** The delivery check's penalty per kWh of a market commitment missed either way. */
  public double deliveryPenaltyPerKwh() {
    return deliveryPenaltyPerKwh;
  }

  /** The horizon's lowest import price per kWh. */
  public double lowestImportPrice() {
    return lowestImportPrice;
  }

  /**
   * What a kWh left in the cells at the end of the horizon is worth: it can later replace √η kWh of
   * import at no less than the horizon's lowest import price. With this value, discharging now at
   * that lowest price does not pay (wear), charging from the grid only to hold energy never pays
   * (losses, wear), and storing a PV surplus pays when √η² × that price beats the export price plus
   * wear.
   */
  public double terminalValuePerKwh(SiteInputs s) {
    return Math.max(0, s.eta * lowestImportPrice);
  }
}

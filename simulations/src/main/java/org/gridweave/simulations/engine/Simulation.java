package org.gridweave.simulations.engine;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.controller.dispatch.DispatchProblem;
import org.gridweave.controller.dispatch.DispatchSettings;
import org.gridweave.controller.dispatch.LpDispatcher;
import org.gridweave.controller.dispatch.MarketCommitments;
import org.gridweave.controller.dispatch.Plan;
import org.gridweave.controller.dispatch.RuleBasedDispatcher;
import org.gridweave.controller.dispatch.SiteForecast;
import org.gridweave.controller.dispatch.SiteState;
import org.gridweave.controller.grid.Battery;
import org.gridweave.controller.grid.Feeder;
import org.gridweave.controller.grid.FlexibleLoad;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.controller.market.Book;
import org.gridweave.controller.market.Clearing;
import org.gridweave.controller.market.ClearingResult;
import org.gridweave.controller.market.DeliveryCheck;
import org.gridweave.controller.market.MarketRules;
import org.gridweave.controller.market.Order;
import org.gridweave.controller.market.Trade;
import org.gridweave.controller.settlement.IntervalBatch;
import org.gridweave.controller.tariff.Tariff;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.Percent;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;
import org.gridweave.simulations.profile.GefcomSeries;
import org.gridweave.simulations.profile.LondonDemand;
import org.gridweave.simulations.scenario.Scenario;
import org.gridweave.simulations.scenario.Scenario.ForecastMode;
import org.gridweave.simulations.scenario.Scenario.Mechanism;
import org.gridweave.simulations.scenario.Scenario.Strategy;

/**
 * One run of a scenario on a virtual clock, in-process, through the controller's own cores: the
 * {@link GridModel}, the {@link RuleBasedDispatcher} or the {@link LpDispatcher} on a {@link
 * DispatchProblem}, the market's {@link Clearing} and the scenario's {@link Tariff}. Each step:
 *
 * <ol>
 *   <li>forecasts for the horizon (perfect: the true values; naive: the values a day earlier;
 *       tribuo: the forecasting module's engine trained on the simulated history, see {@link
 *       TribuoForecasts});
 *   <li>dispatch setpoints (charge, discharge, curtail) from the strategy, applied to the simulated
 *       batteries within their power and SoC limits (strategy {@code none}: no controller, each
 *       battery serves its own site's surplus and deficit);
 *   <li>one market clearing for the interval, with a bid or offer per prosumer from its forecast
 *       deficit or surplus after the setpoints (limit prices: the tariff's import and export);
 *   <li>EV charging within each EV's window: the plan's flexible load (full power from arrival
 *       without a controller);
 *   <li>the physical balance per site, feeder and transformer, the money per prosumer (market
 *       trades, the rest at the tariff), and the {@link Conservation} checks — a violation stops
 *       the run.
 * </ol>
 *
 * Single-threaded and deterministic: the same scenario and seed give the same numbers.
 */
public final class Simulation {
  private final Scenario s;
  private final Prosumers p;
  private final ProfileSource profiles;
  private final GridModel grid;
  private final List<SiteId> siteIds;
  private final String demandSource;
  private final String pvSource; // null: synthetic as asked
  private final String windSource;
  private final int n;
  private final int nf;
  private final int spd;
  private final double h;

  /** [slot][prosumer][step of day]; slot = (day + 1) mod 3. */
  private final double[][][] demandBuf;

  private final double[][][] pvBuf;
  private final double[][][] windBuf;

  /** The live state of the current step (read by listeners). */
  public static final class StepState {
    public final double[] demand;
    public final double[] pv;
    public final double[] curtail;
    public final double[] wind;
    public final double[] charge;
    public final double[] discharge;

    /** EV charging, kW (0 without an EV or outside its window). */
    public final double[] ev;

    public final double[] energy;
    public final double[] net;
    public final long[] boughtWh;
    public final long[] soldWh;
    public final double[] feederFlow;
    public double transformerFlow;
    public long marketWh;
    public double marketPrice;
    public double importPrice;
    public double exportPrice;

    StepState(int n, int nf) {
      demand = new double[n];
      pv = new double[n];
      curtail = new double[n];
      wind = new double[n];
      charge = new double[n];
      discharge = new double[n];
      ev = new double[n];
      energy = new double[n];
      net = new double[n];
      boughtWh = new long[n];
      soldWh = new long[n];
      feederFlow = new double[nf];
    }
  }

  private SettlementSink settlement;

  /** Sends every interval with trades to {@code sink} (dev-chain settlement); none by default. */
  public Simulation settleTo(SettlementSink sink) {
    this.settlement = sink;
    return this;
  }

  public List<SiteId> siteIds() {
    return siteIds;
  }

  public Simulation(Scenario scenario, Optional<LondonDemand> london) {
    this(scenario, london, null);
  }

  /**
   * @param source the prosumers' series; {@code null}: the scenario's profiles (synthetic or
   *     London, see {@link Profiles})
   */
  public Simulation(Scenario scenario, Optional<LondonDemand> london, ProfileSource source) {
    this.s = scenario;
    this.p = new Prosumers(scenario);
    this.n = p.n;
    this.nf = scenario.feeders().size();
    this.spd = scenario.stepsPerDay();
    this.h = scenario.stepHours();
    boolean useLondon = scenario.demand() == Scenario.DemandSource.LONDON && london.isPresent();
    this.demandSource =
        source != null
            ? "given"
            : scenario.demand() == Scenario.DemandSource.LONDON
                ? (useLondon ? "london" : "synthetic (london data not found)")
                : "synthetic";
    Path home = Path.of(System.getProperty("gridweave.home", "."));
    Optional<GefcomSeries> solar =
        source == null && scenario.pvSource() == Scenario.PvSource.GEFCOM2014
            ? GefcomSeries.solar(home)
            : Optional.empty();
    Optional<GefcomSeries> windFarms =
        source == null && scenario.windSource() == Scenario.WindSource.GEFCOM2012
            ? GefcomSeries.wind(home)
            : Optional.empty();
    this.pvSource =
        scenario.pvSource() == Scenario.PvSource.SYNTHETIC
            ? null
            : solar.isPresent() ? "gefcom2014" : "synthetic (gefcom2014 data not found)";
    this.windSource =
        scenario.windSource() == Scenario.WindSource.SYNTHETIC
            ? null
            : windFarms.isPresent() ? "gefcom2012" : "synthetic (gefcom2012 data not found)";
    this.profiles =
        source != null
            ? source
            : new Profiles(scenario, p, useLondon ? london : Optional.empty(), solar, windFarms);
    this.grid = gridModel(scenario, p);
    this.siteIds = grid.sites().stream().map(Site::id).toList();
    this.demandBuf = new double[3][n][spd];
    this.pvBuf = new double[3][n][spd];
    this.windBuf = new double[3][n][spd];
  }

  /** Which demand series the run uses ("synthetic (london data not found)" when it fell back). */
  public String demandSource() {
    return demandSource;
  }

  public GridModel grid() {
    return grid;
  }

  /** The installed battery capacity of all prosumers together, kWh (0 without batteries). */
  public double batteryCapacityKwh() {
    double sum = 0;
    for (int i = 0; i < p.size(); i++) {
      sum += p.batteryKwh[i];
    }
    return sum;
  }

  private static GridModel gridModel(Scenario s, Prosumers p) {
    List<Feeder> feeders = new ArrayList<>();
    for (Scenario.FeederSpec f : s.feeders()) {
      feeders.add(new Feeder(FeederId.of(f.id()), Watts.kilowatts(f.limitKw())));
    }
    List<Site> sites = new ArrayList<>(p.n);
    for (int i = 0; i < p.n; i++) {
      String id = String.format(java.util.Locale.ROOT, "p-%06d", i);
      Optional<Battery> b =
          p.hasBattery(i)
              ? Optional.of(
                  new Battery(
                      WattHours.kilowattHours(p.batteryKwh[i]),
                      Watts.kilowatts(p.batteryKw[i]),
                      Watts.kilowatts(p.batteryKw[i]),
                      p.eta[i] * p.eta[i],
                      Percent.of(Prosumers.SOC_MIN * 100),
                      Percent.of(Prosumers.SOC_MAX * 100)))
              : Optional.empty();
      sites.add(
          new Site(
              SiteId.of(id),
              feeders.get(p.feeder[i]).id(),
              MeterId.of(id),
              Watts.kilowatts(s.importLimitKw()),
              Watts.kilowatts(s.exportLimitKw()),
              Watts.kilowatts(p.pvKwp[i]),
              Watts.kilowatts(p.windKw[i]),
              b,
              p.hasEv(i)
                  ? Optional.of(
                      new FlexibleLoad(
                          Watts.kilowatts(p.evKw[i]),
                          WattHours.kilowattHours(p.evKwh[i]),
                          java.time.LocalTime.ofSecondOfDay(p.evArrive[i] * 60L),
                          java.time.LocalTime.ofSecondOfDay(p.evDepart[i] * 60L)))
                  : Optional.empty()));
    }
    return new GridModel(s.zone(), Watts.kilowatts(s.transformerLimitKw()), feeders, sites);
  }

  private static int slot(long day) {
    return (int) Math.floorMod(day + 1, 3L);
  }

  private double value(double[][][] buf, int i, long absStep) {
    long day = Math.floorDiv(absStep, (long) spd);
    return buf[slot(day)][i][(int) Math.floorMod(absStep, (long) spd)];
  }

  private void fill(long day) {
    int sl = slot(day);
    profiles.fillDay(day, demandBuf[sl], pvBuf[sl], windBuf[sl]);
  }

  /** Runs the whole scenario; listeners see every step. */
  public Results run(List<StepListener> listeners, Progress progress) {
    long steps = s.steps();
    int horizon = s.dispatchHorizonSteps();
    TribuoForecasts tribuo =
        s.forecasting() == ForecastMode.TRIBUO ? new TribuoForecasts(s, p, horizon) : null;
    DispatchSettings settings =
        DispatchSettings.defaults()
            .withHorizon(horizon)
            .withThreads(1)
            .withSolverTimeLimit(Duration.ofSeconds(30));
    settings =
        new DispatchSettings(
            s.step(),
            horizon,
            settings.curtailmentPenaltyPerKwh(),
            settings.batteryWearPerKwh(),
            settings.unservedFlexPenaltyPerKwh(),
            settings.limitViolationPenaltyPerKwh(),
            settings.demandQuantile(),
            settings.generationQuantile(),
            1,
            settings.solverTimeLimit());
    RuleBasedDispatcher rules = new RuleBasedDispatcher();
    LpDispatcher lp = s.dispatch() == Strategy.OPTIMISER ? new LpDispatcher() : null;
    MarketRules marketRules =
        s.market() == Mechanism.NONE
            ? null
            : new MarketRules(
                s.market() == Mechanism.PAY_AS_BID
                    ? MarketRules.Mechanism.PAY_AS_BID
                    : MarketRules.Mechanism.PAY_AS_CLEAR,
                Order.micros(s.crossingFeePerKwh()),
                -MarketRules.PRICE_LIMIT_MICROS,
                MarketRules.PRICE_LIMIT_MICROS,
                Duration.ZERO);
    long[] capWh = new long[nf];
    for (int f = 0; f < nf; f++) {
      capWh[f] = Math.round(s.feeders().get(f).limitKw() * h * 1000);
    }

    StepState st = new StepState(n, nf);
    Results.Accumulator acc = new Results.Accumulator(s, p, demandSource);
    acc.generationSources(pvSource, windSource);
    Conservation cons = new Conservation();
    for (int i = 0; i < n; i++) {
      st.energy[i] = p.batteryKwh[i] * Prosumers.SOC_START;
    }
    fill(-1);
    fill(0);
    fill(1);
    double[] fd = new double[n];
    double[] fpv = new double[n];
    double[] fw = new double[n];
    double[] setCharge = new double[n];
    double[] setDischarge = new double[n];
    double[] setCurtail = new double[n];
    int[] orderOwner = new int[n];
    long[] importWh = new long[n];
    long[] exportWh = new long[n];
    double[] plain = new double[n];
    boolean[] renewable = new boolean[n];
    for (int i = 0; i < n; i++) {
      renewable[i] = p.pvKwp[i] > 0 || p.windKw[i] > 0;
    }
    long startSecond = s.start().getEpochSecond();
    long stepSeconds = s.step().toSeconds();
    long[] marketNet = new long[n];
    Evs evs = p.evs > 0 ? new Evs(p, h) : null;
    for (long a = 0; a < steps; a++) {
      if (a > 0 && a % spd == 0) {
        fill(a / spd + 1);
      }
      Instant at = Instant.ofEpochSecond(startSecond + a * stepSeconds);
      double ip = s.tariff().importPerKwh(at);
      double ep = s.tariff().exportPerKwh(at);
      st.importPrice = ip;
      st.exportPrice = ep;
      long fcBack = s.forecasting() == ForecastMode.PERFECT ? 0 : spd;
      boolean engine = false;
      if (tribuo != null) {
        tribuo.beforeStep(a);
        engine = tribuo.active(a);
      }
      for (int i = 0; i < n; i++) {
        st.demand[i] = value(demandBuf, i, a);
        st.pv[i] = value(pvBuf, i, a);
        st.wind[i] = value(windBuf, i, a);
        fd[i] = value(demandBuf, i, a - fcBack);
        fpv[i] = value(pvBuf, i, a - fcBack);
        fw[i] = value(windBuf, i, a - fcBack);
        if (engine) {
          double naiveD = Math.abs(fd[i] - st.demand[i]);
          double naiveG = Math.abs(fpv[i] + fw[i] - st.pv[i] - st.wind[i]);
          fd[i] = tribuo.demand(i, a);
          fpv[i] = tribuo.pv(i, a);
          fw[i] = tribuo.wind(i, a);
          tribuo.tally(
              Math.abs(fd[i] - st.demand[i]),
              Math.abs(fpv[i] + fw[i] - st.pv[i] - st.wind[i]),
              naiveD,
              naiveG);
        }
        acc.forecastError(
            Math.abs(fd[i] - st.demand[i]), Math.abs(fpv[i] + fw[i] - st.pv[i] - st.wind[i]));
      }

      // 2. market: one order per prosumer from its forecast net (the agent bids before dispatch)
      java.util.Arrays.fill(st.boughtWh, 0);
      java.util.Arrays.fill(st.soldWh, 0);
      st.marketWh = 0;
      st.marketPrice = Double.NaN;
      ClearingResult cleared = null;
      if (marketRules != null) {
        int count = 0;
        long[] whOf = new long[n];
        for (int i = 0; i < n; i++) {
          double net = fd[i] - fpv[i] - fw[i];
          long wh = Math.round(Math.abs(net) * h * 1000);
          whOf[i] = net > 0 ? wh : -wh;
          if (wh >= 1) {
            orderOwner[count++] = i;
          }
        }
        Book book = Book.ofSize(count, nf);
        long bidPrice = clampPrice(Order.micros(ip));
        long offerPrice = clampPrice(Order.micros(ep));
        for (int k = 0; k < count; k++) {
          int i = orderOwner[k];
          boolean bid = whOf[i] > 0;
          book.set(
              k,
              bid,
              Math.abs(whOf[i]),
              bid ? bidPrice : offerPrice,
              p.feeder[i],
              false,
              false,
              renewable[i]);
        }
        ClearingResult r = Clearing.clear(book, marketRules, capWh, capWh);
        long buyers = 0;
        long sellers = 0;
        long fees = 0;
        long sellerValueMicros = 0;
        for (int t = 0; t < r.trades(); t++) {
          int buyer = orderOwner[r.bid()[t]];
          int seller = orderOwner[r.offer()[t]];
          st.boughtWh[buyer] += r.wh()[t];
          st.soldWh[seller] += r.wh()[t];
          buyers += r.buyerPaysMicros(t);
          sellers += r.sellerGetsMicros(t);
          fees += r.feeAmountMicros(t);
          sellerValueMicros += r.sellerPriceMicros()[t] * r.wh()[t];
        }
        cons.checkExact(at, "market money: paid = received + fees", buyers, sellers + fees);
        long boughtSum = 0;
        long soldSum = 0;
        for (int i = 0; i < n; i++) {
          boughtSum += st.boughtWh[i];
          soldSum += st.soldWh[i];
        }
        cons.checkExact(at, "market energy: bought = sold (Wh)", boughtSum, soldSum);
        cons.checkExact(at, "market energy: traded = sum of trades (Wh)", r.tradedWh(), soldSum);
        cleared = r;
        st.marketWh = r.tradedWh();
        st.marketPrice =
            r.tradedWh() > 0 ? sellerValueMicros / (double) r.tradedWh() / 1e6 : Double.NaN;
        acc.market(r.trades(), r.tradedWh(), sellerValueMicros, buyers, sellers, fees);
      }

      // 3. dispatch setpoints, planning around the interval's trades
      java.util.Arrays.fill(setCharge, 0);
      java.util.Arrays.fill(setDischarge, 0);
      java.util.Arrays.fill(setCurtail, 0);
      if (evs != null) {
        // windows open and close on the local clock; without a controller an EV charges at
        // full power from its arrival until it has its energy
        evs.atStep(at.atZone(s.zone()), st.ev);
      }
      switch (s.dispatch()) {
        case NONE -> {
          for (int i = 0; i < n; i++) {
            if (p.hasBattery(i)) {
              double surplus = st.pv[i] + st.wind[i] - st.demand[i] - st.ev[i];
              if (surplus > 0) {
                setCharge[i] = surplus;
              } else {
                setDischarge[i] = -surplus;
              }
            }
          }
        }
        case RULES, OPTIMISER -> {
          DispatchProblem problem =
              problem(
                  settings,
                  at,
                  horizon,
                  a,
                  fcBack,
                  engine ? tribuo : null,
                  st.energy,
                  evs,
                  commitments(st, horizon));
          Plan plan;
          if (lp != null) {
            try {
              plan = lp.plan(problem);
            } catch (LpDispatcher.SolverException e) {
              acc.fallback();
              plan = rules.plan(problem);
            }
          } else {
            plan = rules.plan(problem);
          }
          for (int i = 0; i < n; i++) {
            setCharge[i] = plan.chargeKw[i][0];
            setDischarge[i] = plan.dischargeKw[i][0];
            setCurtail[i] = plan.curtailKw[i][0];
          }
          if (evs != null) {
            evs.follow(plan.flexKw, st.ev);
          }
        }
      }

      // 4. physics: batteries, curtailment, nets, flows; conservation
      java.util.Arrays.fill(st.feederFlow, 0);
      double sumImport = 0;
      double sumExport = 0;
      double sumDemand = 0;
      double sumPvUsed = 0;
      double sumWind = 0;
      double sumCharge = 0;
      double sumDischarge = 0;
      double sumEv = 0;
      for (int i = 0; i < n; i++) {
        double c = 0;
        double d = 0;
        if (p.hasBattery(i)) {
          double e0 = st.energy[i];
          double eta = p.eta[i];
          double want = setCharge[i] - setDischarge[i];
          if (want > 0) {
            c =
                Math.max(
                    0, Math.min(Math.min(want, p.batteryKw[i]), (p.energyMax(i) - e0) / (eta * h)));
          } else if (want < 0) {
            d =
                Math.max(
                    0, Math.min(Math.min(-want, p.batteryKw[i]), (e0 - p.energyMin(i)) * eta / h));
          }
          double e1 = e0 + h * (eta * c - d / eta);
          cons.check(
              at,
              "battery stored change = sqrt(eta) charge - discharge / sqrt(eta)",
              i,
              e1 - e0,
              h * (eta * c - d / eta));
          cons.checkWithin(
              at,
              "battery energy",
              i,
              e1,
              Math.min(p.energyMin(i), e0),
              Math.max(p.energyMax(i), e0));
          st.energy[i] = e1;
        }
        double cur = Math.max(0, Math.min(setCurtail[i], st.pv[i]));
        st.charge[i] = c;
        st.discharge[i] = d;
        st.curtail[i] = cur;
        double pvUsed = st.pv[i] - cur;
        double ev = st.ev[i];
        double net = st.demand[i] + ev + c - d - pvUsed - st.wind[i];
        st.net[i] = net;
        double imp = Math.max(0, net);
        double exp = Math.max(0, -net);
        cons.check(
            at,
            "import - export = consumption - generation",
            i,
            (imp - exp) * h,
            (st.demand[i] + ev + c - d - pvUsed - st.wind[i]) * h);
        st.feederFlow[p.feeder[i]] += net;
        sumImport += imp;
        sumExport += exp;
        sumDemand += st.demand[i];
        sumEv += ev;
        sumPvUsed += pvUsed;
        sumWind += st.wind[i];
        sumCharge += c;
        sumDischarge += d;
        // money without a market: the tariff on the net
        plain[i] = net > 0 ? net * h * ip : net * h * ep;
        importWh[i] = Math.round(imp * h * 1000);
        exportWh[i] = Math.round(exp * h * 1000);
      }
      settle(at, cleared, orderOwner, ip, ep, importWh, exportWh, plain, marketNet, acc);
      double transformer = 0;
      for (int f = 0; f < nf; f++) {
        transformer += st.feederFlow[f];
      }
      st.transformerFlow = transformer;
      cons.check(
          at,
          "transformer flow = sum of site imports - exports",
          -1,
          transformer * h,
          (sumImport - sumExport) * h);
      cons.check(
          at,
          "neighbourhood: imports + PV + wind + discharge = demand + exports + charge",
          -1,
          (sumImport + sumPvUsed + sumWind + sumDischarge) * h,
          (sumDemand + sumEv + sumExport + sumCharge) * h);
      if (evs != null) {
        evs.served(st.ev);
        cons.checkWithin(
            at, "EV energy beyond its need", -1, evs.worstOverServed(), -Double.MAX_VALUE, 0);
      }
      acc.step(at, st, p, s, sumImport, sumExport);
      if (tribuo != null) {
        tribuo.observe(a, st);
      }
      for (StepListener l : listeners) {
        l.step(at, st);
      }
      if (progress != null) {
        progress.update(a + 1, steps);
      }
    }
    double storedEnd = 0;
    for (int i = 0; i < n; i++) {
      storedEnd += st.energy[i];
    }
    Map<String, Object> settled = settlement == null ? null : settlement.finish(siteIds, marketNet);
    return acc.finish(cons, storedEnd, tribuo, settled, evs);
  }

  /**
   * The interval's bill per prosumer: the market's {@link DeliveryCheck} on the trades against the
   * metered import and export (shortfalls bought at the import price plus the penalty, untaken
   * energy credited at the export price minus it), and the tariff on the metered energy the trades
   * did not cover.
   */
  private void settle(
      Instant at,
      ClearingResult r,
      int[] owner,
      double ip,
      double ep,
      long[] importWh,
      long[] exportWh,
      double[] plain,
      long[] marketNet,
      Results.Accumulator acc) {
    long[] taken = new long[n];
    long[] delivered = new long[n];
    long[] netMicros = new long[n];
    if (r != null && r.trades() > 0) {
      List<Trade> trades = new ArrayList<>(r.trades());
      Map<SiteId, DeliveryCheck.Metered> metered = new HashMap<>(r.trades() * 2);
      for (int t = 0; t < r.trades(); t++) {
        int buyer = owner[r.bid()[t]];
        int seller = owner[r.offer()[t]];
        trades.add(
            new Trade(
                Integer.toString(t),
                at,
                "b" + r.bid()[t],
                "o" + r.offer()[t],
                siteIds.get(buyer),
                siteIds.get(seller),
                r.wh()[t],
                r.sellerPriceMicros()[t],
                r.feeMicros()[t],
                r.buyerPaysMicros(t),
                r.sellerGetsMicros(t)));
        metered.put(
            siteIds.get(buyer), new DeliveryCheck.Metered(importWh[buyer], exportWh[buyer]));
        metered.put(
            siteIds.get(seller), new DeliveryCheck.Metered(importWh[seller], exportWh[seller]));
      }
      List<DeliveryCheck.Statement> statements =
          DeliveryCheck.settle(
              at,
              trades,
              metered,
              clampPrice(Order.micros(ip)),
              clampPrice(Order.micros(ep)),
              Order.micros(s.deliveryPenaltyPerKwh()));
      List<IntervalBatch.Net> nets = settlement == null ? null : new ArrayList<>();
      for (DeliveryCheck.Statement st : statements) {
        int i = indexOf(st.site());
        taken[i] = st.takenWh();
        delivered[i] = st.deliveredWh();
        netMicros[i] = st.netMicros();
        marketNet[i] += st.netMicros();
        acc.delivery(st.shortfallWh(), st.surplusWh(), st.penaltyMicros());
        if (nets != null) {
          nets.add(new IntervalBatch.Net(st.site(), st.netMicros()));
        }
      }
      if (settlement != null) {
        List<IntervalBatch.Trade> settled = new ArrayList<>(trades.size());
        for (Trade t : trades) {
          settled.add(
              new IntervalBatch.Trade(
                  t.id(), t.seller(), t.buyer(), t.wh(), t.sellerPriceMicros()));
        }
        settlement.interval(at, settled, nets);
      }
    }
    for (int i = 0; i < n; i++) {
      double tariff =
          (importWh[i] - taken[i]) / 1000.0 * ip - (exportWh[i] - delivered[i]) / 1000.0 * ep;
      acc.cost(i, tariff - netMicros[i] / 1e6, plain[i]);
    }
  }

  private int indexOf(SiteId site) {
    return Integer.parseInt(site.value().substring(2));
  }

  private static long clampPrice(long micros) {
    return Math.max(
        -MarketRules.PRICE_LIMIT_MICROS, Math.min(MarketRules.PRICE_LIMIT_MICROS, micros));
  }

  /** This interval's trades, as step 0 of the dispatch horizon. */
  private MarketCommitments commitments(StepState st, int horizon) {
    if (st.marketWh == 0) {
      return MarketCommitments.NONE;
    }
    Map<SiteId, MarketCommitments.Commitment> bySite = new HashMap<>();
    for (int i = 0; i < n; i++) {
      if (st.boughtWh[i] > 0 || st.soldWh[i] > 0) {
        double[] sold = new double[horizon];
        double[] bought = new double[horizon];
        sold[0] = st.soldWh[i] / 1000.0;
        bought[0] = st.boughtWh[i] / 1000.0;
        bySite.put(siteIds.get(i), new MarketCommitments.Commitment(sold, bought));
      }
    }
    return new MarketCommitments(bySite, s.deliveryPenaltyPerKwh());
  }

  private DispatchProblem problem(
      DispatchSettings settings,
      Instant at,
      int horizon,
      long a,
      long fcBack,
      TribuoForecasts engine,
      double[] energy,
      Evs evs,
      MarketCommitments traded) {
    Map<SiteId, SiteForecast> forecasts = new HashMap<>(n * 2);
    Map<SiteId, SiteState> states = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      double[] d = new double[horizon];
      double[] g = new double[horizon];
      double[] w = new double[horizon];
      for (int j = 0; j < horizon; j++) {
        if (engine != null) {
          d[j] = engine.demand(i, a + j);
          g[j] = engine.pv(i, a + j);
          w[j] = engine.wind(i, a + j);
        } else {
          d[j] = value(demandBuf, i, a + j - fcBack);
          g[j] = value(pvBuf, i, a + j - fcBack);
          w[j] = value(windBuf, i, a + j - fcBack);
        }
      }
      forecasts.put(siteIds.get(i), SiteForecast.median(d, g, w));
      states.put(
          siteIds.get(i),
          new SiteState(Math.max(0, energy[i]), evs == null ? 0 : evs.servedInWindow(i)));
    }
    return DispatchProblem.of(grid, at, settings, s.tariff(), forecasts, states, null, traded);
  }
}

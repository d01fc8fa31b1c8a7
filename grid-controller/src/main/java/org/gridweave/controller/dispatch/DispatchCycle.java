package org.gridweave.controller.dispatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.controller.tariff.Tariff;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.time.Interval;

/**
 * One dispatch cycle: gathers forecasts, states and prices, plans with the optimiser within its
 * time budget, falls back to the rule-based controller when it must, checks and explains the plan.
 * {@link #decide} never throws: whatever goes wrong becomes a {@link Decision.Mode#FALLBACK}
 * decision whose reason says what happened. Thread-safe; one cycle at a time is the caller's job.
 */
public final class DispatchCycle implements AutoCloseable {
  private final Supplier<GridModel> grid;
  private final Supplier<Tariff> tariff;
  private final ForecastSource forecasts;
  private final SiteStates states;
  private final DispatchSettings settings;
  private final Duration maxForecastAge;
  private final Clock clock;
  private final MarketCommitments.Source traded;
  private final LpDispatcher optimiser = new LpDispatcher();
  private final RuleBasedDispatcher fallback = new RuleBasedDispatcher();
  private final ExecutorService solverThread =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "dispatch-cycle");
        t.setDaemon(true);
        return t;
      });

  /**
   * @param traded the market's cleared trades the plan keeps ({@link MarketCommitments}); {@link
   *     MarketCommitments.Source#NONE} without a market
   */
  public DispatchCycle(
      Supplier<GridModel> grid,
      Supplier<Tariff> tariff,
      ForecastSource forecasts,
      SiteStates states,
      DispatchSettings settings,
      Duration maxForecastAge,
      Clock clock,
      MarketCommitments.Source traded) {
    this.traded = traded;
    this.grid = grid;
    this.tariff = tariff;
    this.forecasts = forecasts;
    this.states = states;
    this.settings = settings;
    this.maxForecastAge = maxForecastAge;
    this.clock = clock;
  }

  public Decision decide(Interval interval) {
    try {
      return decideOrThrow(interval);
    } catch (RuntimeException e) {
      // last resort: nothing usable at all (e.g. a broken grid supplier); tell every site to hold
      return new Decision(
          interval,
          Decision.Mode.FALLBACK,
          "the dispatch cycle failed (" + e + "); no setpoints changed",
          clock.instant(),
          0,
          0,
          0,
          List.of(),
          List.of());
    }
  }

  private Decision decideOrThrow(Interval interval) {
    Instant now = clock.instant();
    GridModel g = grid.get();
    Tariff prices = tariff.get();
    int n = settings.horizonSteps();
    Map<SiteId, SiteForecast> fc = new HashMap<>();
    Map<SiteId, SiteState> st = new HashMap<>();
    List<String> stale = new ArrayList<>();
    for (Site s : g.sites()) {
      st.put(s.id(), states.state(s.id()));
      Optional<ForecastSource.Issued> f = forecasts.site(s.id(), interval.start(), n);
      if (f.isEmpty()) {
        stale.add(s.id() + " (none)");
      } else if (f.get().issuedAt().isBefore(now.minus(maxForecastAge))) {
        stale.add(
            s.id()
                + " (issued "
                + Duration.between(f.get().issuedAt(), now).toMinutes()
                + " min ago)");
      } else {
        fc.put(s.id(), f.get().forecast());
      }
    }
    Map<FeederId, double[][]> margins = new HashMap<>();
    for (var feeder : g.feeders()) {
      forecasts
          .feederMargins(feeder.id(), interval.start(), n)
          .ifPresent(m -> margins.put(feeder.id(), m));
    }
    String staleText =
        stale.isEmpty()
            ? ""
            : "forecasts missing or older than "
                + maxForecastAge.toMinutes()
                + " min for "
                + stale.size()
                + " of "
                + g.sites().size()
                + " sites ("
                + String.join(", ", stale.subList(0, Math.min(3, stale.size())))
                + (stale.size() > 3 ? ", …" : "")
                + ")";
    if (!stale.isEmpty() && stale.size() == g.sites().size()) {
      return fallbackDecision(
          interval,
          now,
          g,
          prices,
          st,
          staleText + "; the rule-based controller holds every limit on the latest measurements");
    }
    // sites without a usable forecast are planned on their latest measurements, held flat
    for (Site s : g.sites()) {
      if (!fc.containsKey(s.id())) {
        SiteStates.Measured m =
            states.lastMeasured(s.id()).orElse(new SiteStates.Measured(0, 0, 0));
        fc.put(
            s.id(),
            SiteForecast.median(flat(n, m.demandKw()), flat(n, m.pvKw()), flat(n, m.windKw())));
      }
    }
    MarketCommitments commitments;
    String tradesText = "";
    try {
      commitments = traded.between(interval.start(), settings.step(), n);
    } catch (RuntimeException e) {
      commitments = MarketCommitments.NONE;
      tradesText =
          "; the market's trades are unreadable (" + e.getMessage() + "): planned without them";
    }
    DispatchProblem problem;
    try {
      problem =
          DispatchProblem.of(g, interval.start(), settings, prices, fc, st, margins, commitments);
    } catch (RuntimeException e) {
      return fallbackDecision(
          interval,
          now,
          g,
          prices,
          st,
          "the dispatch inputs are unusable (" + e.getMessage() + ")");
    }
    long t0 = System.nanoTime();
    Plan plan;
    Future<Plan> job = solverThread.submit(() -> optimiser.plan(problem));
    try {
      plan = job.get(settings.solverTimeLimit().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      job.cancel(true);
      return rulesOn(
          problem,
          interval,
          now,
          t0,
          "the optimiser did not finish within its "
              + settings.solverTimeLimit().toMillis()
              + " ms budget");
    } catch (ExecutionException e) {
      return rulesOn(
          problem, interval, now, t0, "the optimiser failed: " + e.getCause().getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return rulesOn(problem, interval, now, t0, "the cycle was interrupted");
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    PlanChecker.Report check = PlanChecker.check(problem, plan);
    if (check.maxSolverViolation() > 1e-4) {
      return rulesOn(
          problem,
          interval,
          now,
          t0,
          "the optimiser's plan failed its check (" + check.violations().get(0) + ")");
    }
    Decision.Mode mode =
        check.maxLimitExcess() > 1e-3 ? Decision.Mode.DEGRADED : Decision.Mode.OPTIMAL;
    String reason =
        mode == Decision.Mode.OPTIMAL
            ? "optimal plan over " + n + " steps; every limit kept"
            : "no plan can keep every limit: " + describe(check);
    if (!stale.isEmpty()) {
      reason += "; " + staleText + ": those sites are planned on their latest measurements";
    }
    reason += tradesText;
    if (check.missedTradeKwh() > 1e-3) {
      reason +=
          String.format(
              java.util.Locale.ROOT,
              "; %.2f kWh of market trades will not be delivered as traded (settled with the"
                  + " delivery penalty)",
              check.missedTradeKwh());
    }
    if (check.flexShortKwh() > 1e-3) {
      reason +=
          String.format(
              java.util.Locale.ROOT,
              "; %.2f kWh of flexible load cannot be served within its windows",
              check.flexShortKwh());
    }
    return new Decision(
        interval,
        mode,
        reason,
        now,
        PlanChecker.cost(problem, plan),
        check.maxLimitExcess(),
        millis,
        Explainer.bindings(problem, plan),
        Explainer.sites(problem, plan));
  }

  private Decision rulesOn(
      DispatchProblem problem, Interval interval, Instant now, long t0, String why) {
    Plan plan = fallback.plan(problem);
    PlanChecker.Report check = PlanChecker.check(problem, plan);
    String reason =
        why
            + "; the rule-based controller decided"
            + (check.maxLimitExcess() > 1e-3
                ? " and cannot keep every limit: " + describe(check)
                : "");
    return new Decision(
        interval,
        Decision.Mode.FALLBACK,
        reason,
        now,
        PlanChecker.cost(problem, plan),
        check.maxLimitExcess(),
        (System.nanoTime() - t0) / 1_000_000,
        Explainer.bindings(problem, plan),
        Explainer.sites(problem, plan));
  }

  /**
   * Without usable forecasts: the latest measurements held flat over a short horizon (one step is
   * all the rules use), prices from the tariff or zero when even the tariff fails.
   */
  private Decision fallbackDecision(
      Interval interval,
      Instant now,
      GridModel g,
      Tariff prices,
      Map<SiteId, SiteState> st,
      String reason) {
    long t0 = System.nanoTime();
    int n = 1;
    DispatchSettings one = settings.withHorizon(n);
    Map<SiteId, SiteForecast> flat = new HashMap<>();
    for (Site s : g.sites()) {
      SiteStates.Measured m = states.lastMeasured(s.id()).orElse(new SiteStates.Measured(0, 0, 0));
      flat.put(
          s.id(),
          SiteForecast.median(
              new double[] {m.demandKw()}, new double[] {m.pvKw()}, new double[] {m.windKw()}));
    }
    DispatchProblem problem;
    try {
      problem = DispatchProblem.of(g, interval.start(), one, prices, flat, st, null);
    } catch (RuntimeException e) {
      problem = DispatchProblem.of(g, interval.start(), one, ZERO_PRICES, flat, st, null);
      reason += "; no usable prices (" + e.getMessage() + ")";
    }
    return rulesOn(problem, interval, now, t0, reason);
  }

  private static double[] flat(int n, double value) {
    double[] a = new double[n];
    java.util.Arrays.fill(a, Math.max(0, value));
    return a;
  }

  private static final Tariff ZERO_PRICES =
      new Tariff() {
        @Override
        public double importPerKwh(Instant t) {
          return 0;
        }

        @Override
        public double exportPerKwh(Instant t) {
          return 0;
        }
      };

  private static String describe(PlanChecker.Report check) {
    Map<String, Double> worst = new java.util.TreeMap<>();
    for (PlanChecker.Violation v : check.violations()) {
      if (v.constraint().startsWith("flexible_energy")) {
        continue; // reported on its own: not a limit
      }
      worst.merge(v.constraint() + " " + v.subject(), v.amount(), Math::max);
    }
    List<String> parts = new ArrayList<>();
    for (var e : worst.entrySet()) {
      if (parts.size() == 3) {
        parts.add("…");
        break;
      }
      parts.add(String.format(java.util.Locale.ROOT, "%s by up to %.2f", e.getKey(), e.getValue()));
    }
    return String.join(", ", parts);
  }

  @Override
  public void close() {
    solverThread.shutdownNow();
  }
}

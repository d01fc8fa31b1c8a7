package org.gridweave.controller.bench;

import java.util.Locale;
import java.util.concurrent.Callable;
import org.gridweave.controller.dispatch.DispatchProblem;
import org.gridweave.controller.dispatch.DispatchSettings;
import org.gridweave.controller.dispatch.LpDispatcher;
import org.gridweave.controller.dispatch.Plan;
import org.gridweave.controller.dispatch.PlanChecker;
import org.gridweave.controller.dispatch.RuleBasedDispatcher;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./gridweave bench dispatch ...}: the dispatch benchmark. */
@Command(
    name = "grid-controller",
    mixinStandardHelpOptions = true,
    subcommands = {ControllerCli.BenchDispatch.class, ControllerCli.BenchMarket.class})
public final class ControllerCli implements Runnable {

  public static void main(String[] args) {
    System.exit(new CommandLine(new ControllerCli()).execute(args));
  }

  @Override
  public void run() {
    new CommandLine(this).usage(System.err);
  }

  @Command(
      name = "bench-dispatch",
      description =
          "Builds a synthetic grid (100 prosumers per feeder), plans one horizon with the optimiser"
              + " and with the rule-based fallback, checks both, prints one JSON line.")
  static final class BenchDispatch implements Callable<Integer> {
    @Option(names = "--prosumers", defaultValue = "1000", description = "sites (default 1000)")
    int prosumers;

    @Option(names = "--horizon", defaultValue = "96", description = "steps of 15 min (default 96)")
    int horizon;

    @Option(names = "--threads", description = "solver threads (default: cores)")
    Integer threads;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Option(
        names = "--transformer",
        defaultValue = "1.2",
        description =
            "transformer limit as a share of the feeders' limits summed (default 1.2: does not bind)")
    double transformer;

    @Override
    public Integer call() {
      if (!(transformer > 0 && transformer <= 10)) {
        System.err.println("--transformer must be in (0, 10], was " + transformer);
        return 2;
      }
      if (prosumers < 1 || prosumers > 100_000) {
        System.err.println("--prosumers must be 1..100000, was " + prosumers);
        return 2;
      }
      if (horizon < 1 || horizon > 672) {
        System.err.println("--horizon must be 1..672 steps, was " + horizon);
        return 2;
      }
      int cores = Runtime.getRuntime().availableProcessors();
      DispatchSettings settings =
          DispatchSettings.defaults()
              .withHorizon(horizon)
              .withThreads(threads == null ? cores : threads);
      LpDispatcher lp = new LpDispatcher();
      // warm-up: loads the native solver and JIT-compiles the model building on a small grid
      lp.plan(SyntheticGrid.build(200, settings, seed + 1, transformer));
      DispatchProblem problem = SyntheticGrid.build(prosumers, settings, seed, transformer);
      long t0 = System.nanoTime();
      Plan plan = lp.plan(problem);
      long solveNanos = System.nanoTime() - t0;
      Plan fallback = new RuleBasedDispatcher().plan(problem);
      PlanChecker.Report report = PlanChecker.check(problem, plan);
      PlanChecker.Report fbReport = PlanChecker.check(problem, fallback);
      for (PlanChecker.Violation v :
          report.violations().subList(0, Math.min(5, report.violations().size()))) {
        System.err.println("  plan: " + v);
      }
      double cost = PlanChecker.cost(problem, plan);
      double fbCost = PlanChecker.cost(problem, fallback);
      System.err.printf(
          Locale.ROOT,
          "lp solves %d, coupled feeders %d of %d, transformer rounds %d; site ms %d, coupled ms %d (thread sums); notes %s; fallback limit excess %.3f kW%n",
          plan.stats().lpSolves(),
          plan.stats().coupledFeeders(),
          problem.grid().feeders().size(),
          plan.stats().transformerRounds(),
          plan.stats().siteMillis(),
          plan.stats().coupledMillis(),
          plan.stats().notes(),
          fbReport.maxLimitExcess());
      System.out.printf(
          Locale.ROOT,
          "{\"bench\":\"dispatch\",\"prosumers\":%d,\"horizon\":%d,\"variables\":%d,\"constraints\":%d,"
              + "\"solve_ms\":%d,\"objective\":%.2f,\"max_violation\":%.2e,\"limit_excess_kw\":%.3f,"
              + "\"fallback_cost\":%.2f,\"saving_pct\":%.1f,\"fallback_limit_excess_kw\":%.3f,"
              + "\"threads\":%d,\"cores\":%d}%n",
          prosumers,
          horizon,
          plan.stats().variables(),
          plan.stats().constraints(),
          solveNanos / 1_000_000,
          cost,
          report.maxSolverViolation(),
          report.maxLimitExcess(),
          fbCost,
          100 * (fbCost - cost) / Math.abs(fbCost),
          fbReport.maxLimitExcess(),
          settings.threads(),
          cores);
      return 0;
    }
  }

  @Command(
      name = "bench-market",
      description =
          "Clears a seeded random book (pay-as-clear, feeder capacities that bind) after a 3 s warm-up;"
              + " prints the median of the timed runs as one JSON line.")
  static final class BenchMarket implements Callable<Integer> {
    @Option(
        names = "--orders",
        defaultValue = "100000",
        description = "orders in the book (default 100000)")
    int orders;

    @Option(names = "--runs", defaultValue = "15", description = "timed runs (default 15)")
    int runs;

    @Option(
        names = "--mechanism",
        defaultValue = "PAY_AS_CLEAR",
        description = "PAY_AS_CLEAR or PAY_AS_BID")
    org.gridweave.controller.market.MarketRules.Mechanism mechanism;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @Override
    public Integer call() {
      if (orders < 2 || orders > org.gridweave.controller.market.Book.MAX_ORDERS) {
        System.err.println(
            "--orders must be 2.."
                + org.gridweave.controller.market.Book.MAX_ORDERS
                + ", was "
                + orders);
        return 2;
      }
      if (runs < 1 || runs > 1000) {
        System.err.println("--runs must be 1..1000, was " + runs);
        return 2;
      }
      MarketBook m = MarketBook.random(orders, seed);
      var rules = org.gridweave.controller.market.MarketRules.defaults(mechanism);
      // warm-up until the JIT has settled: at least 10 clearings and 3 seconds
      long warmUntil = System.nanoTime() + 3_000_000_000L;
      for (int w = 0; w < 10 || System.nanoTime() < warmUntil; w++) {
        org.gridweave.controller.market.Clearing.clear(
            m.book(), rules, m.importCapWh(), m.exportCapWh());
      }
      long[] nanos = new long[runs];
      org.gridweave.controller.market.ClearingResult r = null;
      for (int k = 0; k < runs; k++) {
        long t0 = System.nanoTime();
        r =
            org.gridweave.controller.market.Clearing.clear(
                m.book(), rules, m.importCapWh(), m.exportCapWh());
        nanos[k] = System.nanoTime() - t0;
      }
      long[] cutNanos = new long[runs];
      org.gridweave.controller.market.Clearing.NetworkCut cut = null;
      for (int k = 0; k < runs; k++) {
        long t0 = System.nanoTime();
        cut = org.gridweave.controller.market.Clearing.networkCut(m.book(), rules, r);
        cutNanos[k] = System.nanoTime() - t0;
      }
      java.util.Arrays.sort(nanos);
      java.util.Arrays.sort(cutNanos);
      System.err.printf(
          Locale.ROOT,
          "feeders %d, traded %,d Wh, network cut %,d Wh, clearing runs (ms): %s%n",
          m.book().feeders(),
          r.tradedWh(),
          cut.totalWh(),
          java.util.Arrays.toString(
              java.util.Arrays.stream(nanos).map(x -> x / 1_000_000).toArray()));
      System.out.printf(
          Locale.ROOT,
          "{\"bench\":\"market\",\"orders\":%d,\"trades\":%d,\"clear_ms\":%.1f,\"mechanism\":\"%s\","
              + "\"network_cut_wh\":%d,\"cut_ms\":%.1f,\"cores\":%d}%n",
          orders,
          r.trades(),
          nanos[runs / 2] / 1e6,
          mechanism,
          cut.totalWh(),
          cutNanos[runs / 2] / 1e6,
          Runtime.getRuntime().availableProcessors());
      return 0;
    }
  }
}

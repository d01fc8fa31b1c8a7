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
    subcommands = {ControllerCli.BenchDispatch.class})
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

    @Override
    public Integer call() {
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
      lp.plan(SyntheticGrid.build(200, settings, seed + 1));
      DispatchProblem problem = SyntheticGrid.build(prosumers, settings, seed);
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
}

package org.gridweave.simulations.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.gridweave.simulations.engine.ConservationViolation;
import org.gridweave.simulations.engine.Results;
import org.gridweave.simulations.output.RunDirectory;
import org.gridweave.simulations.output.SortedJson;
import org.gridweave.simulations.profile.LondonDemand;
import org.gridweave.simulations.scenario.Scenario;
import org.gridweave.simulations.scenario.ScenarioException;
import org.gridweave.simulations.scenario.ScenarioFile;
import org.gridweave.simulations.settlement.DevChainSettlement;
import org.gridweave.simulations.sweep.Sweep;
import org.gridweave.simulations.sweep.SweepPlan;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./gridweave sim run SCENARIO.yaml --out DIR [--seed N] [--per-node]} and {@code
 * ./gridweave sim sweep SCENARIO.yaml --param name=v1,v2 … --out DIR [--parallel N] [--only-index
 * N|env | --collect | --list]}.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Simulations: scenarios on a virtual clock through the controller's own cores.",
    subcommands = {SimCli.Run.class, SimCli.SweepCommand.class})
public final class SimCli implements Runnable {

  @Override
  public void run() {
    CommandLine.usage(this, System.err);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimCli()).execute(args));
  }

  @Command(
      name = "run",
      mixinStandardHelpOptions = true,
      description =
          "Runs one scenario and writes intervals.csv, summary.json, perf.json and report.html.")
  static final class Run implements Callable<Integer> {
    @Parameters(index = "0", description = "the scenario file (YAML)")
    Path scenario;

    @Option(names = "--out", required = true, description = "the output folder")
    Path out;

    @Option(names = "--seed", description = "overrides the scenario's seed")
    Long seed;

    @Option(
        names = "--per-node",
        description = "also write nodes.csv (one row per prosumer and step)")
    boolean perNode;

    @Option(names = "--quiet", description = "no progress line")
    boolean quiet;

    @Override
    public Integer call() {
      Scenario s;
      try {
        s = ScenarioFile.load(scenario);
      } catch (ScenarioException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      if (seed != null) {
        if (seed < 0) {
          System.err.println("--seed must be >= 0, was " + seed);
          return 2;
        }
        s = s.withSeed(seed);
      }
      Path home = Path.of(System.getProperty("gridweave.home", "."));
      Optional<LondonDemand> london =
          s.demand() == Scenario.DemandSource.LONDON ? LondonDemand.find(home) : Optional.empty();
      try {
        Results r =
            RunDirectory.run(s, out, new RunDirectory.Options(perNode, !quiet), london, System.err);
        System.out.println(SortedJson.write(r.summary()).trim());
        System.err.println(
            "sim: wrote "
                + out.resolve("summary.json")
                + ", "
                + out.resolve("perf.json")
                + " and "
                + out.resolve("report.html"));
        return 0;
      } catch (ConservationViolation e) {
        System.err.println("sim: FAILED: " + e.getMessage());
        return 3;
      } catch (DevChainSettlement.SettlementUnavailable e) {
        System.err.println("sim: FAILED: " + e.getMessage());
        return 5;
      }
    }
  }

  @Command(
      name = "sweep",
      mixinStandardHelpOptions = true,
      description = {
        "Runs the cross product of --param values in parallel, each variant in DIR/<variant>/,"
            + " plus DIR/comparison.csv and DIR/comparison.html.",
        "Across a cluster (a Kubernetes indexed Job): --list gives the variants, each pod runs"
            + " --only-index env, then one --collect writes the comparison."
      })
  static final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", description = "the base scenario file (YAML)")
    Path scenario;

    @Option(
        names = "--param",
        required = true,
        description =
            "name=v1,v2,... (repeatable); names: seed, battery_share, battery_c_rate, pv_share,"
                + " wind_share, ev_share, market, crossing_fee, delivery_penalty, dispatch, horizon_steps,"
                + " forecasting, settlement, feeder_limit_kw, transformer_limit_kw, import_limit_kw,"
                + " export_limit_kw, demand, cloudiness, wind_speed_mean_ms, or a dotted"
                + " scenario path")
    java.util.List<String> params;

    @Option(names = "--out", description = "the output folder (all but --list)")
    Path out;

    @Option(names = "--seed", description = "overrides every variant's seed (unless swept)")
    Long seed;

    @Option(
        names = "--parallel",
        description = "variants run at once (default: the cores, ${DEFAULT-VALUE})")
    int parallel = Runtime.getRuntime().availableProcessors();

    @Option(
        names = "--only-index",
        paramLabel = "N|env",
        description =
            "runs only variant N (0-based, plan order) into DIR/<variant>/ and writes nothing"
                + " else; 'env' reads N from JOB_COMPLETION_INDEX")
    String onlyIndex;

    @Option(
        names = "--collect",
        description =
            "runs nothing: writes comparison.csv/.html from the variant folders in DIR"
                + " (absent ones are 'missing', exit code 4)")
    boolean collect;

    @Option(
        names = "--list",
        description = "prints the number of variants, then their names, one per line")
    boolean list;

    @Override
    public Integer call() {
      int modes = (onlyIndex != null ? 1 : 0) + (collect ? 1 : 0) + (list ? 1 : 0);
      if (modes > 1) {
        System.err.println("--only-index, --collect and --list exclude each other: use one");
        return 2;
      }
      if (out == null && !list) {
        System.err.println("--out DIR is required (except with --list)");
        return 2;
      }
      if (seed != null && seed < 0) {
        System.err.println("--seed must be >= 0, was " + seed);
        return 2;
      }
      if (parallel < 1) {
        System.err.println("--parallel must be >= 1, was " + parallel);
        return 2;
      }
      SweepPlan plan;
      try {
        plan = SweepPlan.of(scenario, params, seed);
      } catch (ScenarioException e) {
        System.err.println(e.getMessage());
        return 2;
      }
      int n = plan.variants().size();
      if (list) {
        System.out.println(n);
        plan.variants().forEach(v -> System.out.println(v.id()));
        return 0;
      }
      if (collect) {
        var outcomes = Sweep.collect(plan, out);
        outcomes.stream()
            .filter(o -> !o.ok())
            .forEach(o ->
                System.err.println(
                    "sweep: " + o.variant().id() + " " + o.status().name() + ": " + o.why()));
        System.err.println(
            "sweep: wrote "
                + out.resolve("comparison.csv")
                + " and "
                + out.resolve("comparison.html")
                + " from "
                + outcomes.stream().filter(Sweep.Outcome::ok).count()
                + " of "
                + n
                + " variants");
        return exitCode(outcomes);
      }
      Integer index = null;
      if (onlyIndex != null) {
        try {
          index = Sweep.index(onlyIndex, n, System.getenv());
        } catch (IllegalArgumentException e) {
          System.err.println(e.getMessage());
          return 2;
        }
      }
      Path home = Path.of(System.getProperty("gridweave.home", "."));
      var runs = index == null ? plan.variants() : java.util.List.of(plan.variants().get(index));
      boolean anyLondon =
          runs.stream().anyMatch(v -> v.scenario().demand() == Scenario.DemandSource.LONDON);
      Optional<LondonDemand> london = anyLondon ? LondonDemand.find(home) : Optional.empty();
      if (anyLondon && london.isEmpty()) {
        System.err.println(
            "NOTICE: the London smart-meter data ("
                + LondonDemand.FOLDER
                + ") was not found next to the project: demand is synthetic in this sweep.");
      }
      long t0 = System.nanoTime();
      if (index != null) {
        String id = plan.variants().get(index).id();
        System.err.println("sweep: variant " + index + " of " + n + ": " + id);
        String failure = Sweep.runIndex(plan, out, index, london);
        System.err.printf(
            java.util.Locale.ROOT,
            "sweep: %s %s in %.1f s%n",
            out.resolve(id),
            failure == null ? "done" : "FAILED (" + failure + ")",
            (System.nanoTime() - t0) / 1e9);
        return failure == null ? 0 : 3;
      }
      System.err.println("sweep: " + n + " variants, " + Math.min(parallel, n) + " at a time");
      var outcomes = Sweep.run(plan, out, parallel, london, System.err);
      System.err.printf(
          java.util.Locale.ROOT,
          "sweep: wrote %s and %s in %.1f s%n",
          out.resolve("comparison.csv"),
          out.resolve("comparison.html"),
          (System.nanoTime() - t0) / 1e9);
      return exitCode(outcomes);
    }

    /** 0 all ok, 3 a variant failed its conservation checks, 4 a variant is missing. */
    private static int exitCode(java.util.List<Sweep.Outcome> outcomes) {
      if (outcomes.stream().anyMatch(o -> o.status() == Sweep.Status.FAILED)) {
        return 3;
      }
      return outcomes.stream().allMatch(Sweep.Outcome::ok) ? 0 : 4;
    }
  }
}

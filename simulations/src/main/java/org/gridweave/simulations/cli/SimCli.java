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
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./gridweave sim run SCENARIO.yaml --out DIR [--seed N] [--per-node]}. */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    description = "Simulations: scenarios on a virtual clock through the controller's own cores.",
    subcommands = {SimCli.Run.class})
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
      }
    }
  }
}

package org.gridweave.devstack.drill;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.gridweave.devstack.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./gridweave bench drills}: the demo's stack under a meter fleet, then one fault after
 * another, one JSON line per drill on standard output (progress on standard error). Exit code 0
 * when every drill recovered with nothing lost or duplicated, 1 otherwise.
 */
@Command(
    name = "drills",
    description =
        "Fault drills against the demo stack under a meter fleet; one JSON line per drill:"
            + " broker_restart, gateway_kill, postgres_restart, meter_offline_hour,"
            + " chain_stop_during_settlement, controller_failover.")
public final class DrillsBench implements Callable<Integer> {
  static final List<String> ALL =
      List.of(
          "broker_restart",
          "gateway_kill",
          "postgres_restart",
          "meter_offline_hour",
          "chain_stop_during_settlement",
          "controller_failover");

  @Option(names = "--meters", description = "fleet size (default ${DEFAULT-VALUE})")
  int meters = 50;

  @Option(
      names = "--sample-ms",
      description = "each meter samples this often (default ${DEFAULT-VALUE})")
  long sampleMs = 500;

  @Option(
      names = "--message-ms",
      description = "each meter sends a message this often (default ${DEFAULT-VALUE})")
  long messageMs = 1000;

  @Option(
      names = "--outage-s",
      description = "how long a stopped or killed part stays away (default ${DEFAULT-VALUE})")
  long outageSeconds = 5;

  @Option(
      names = "--offline-speed",
      description =
          "the offline meter's clock runs this many times faster while it catches up its hour"
              + " (default ${DEFAULT-VALUE}: the hour takes 15 s)")
  double offlineSpeed = 240;

  @Option(
      names = "--intervals",
      description = "intervals settled while the chain stops (default ${DEFAULT-VALUE})")
  int intervals = 4;

  @Option(
      names = "--lease-s",
      description = "the controllers' lease duration (default ${DEFAULT-VALUE}, as in production)")
  long leaseSeconds = 15;

  @Option(
      names = "--renew-s",
      description = "how often the leader renews its lease (default ${DEFAULT-VALUE})")
  long renewSeconds = 5;

  @Option(
      names = "--only",
      split = ",",
      description = "run only these drills, in the usual order (names as in the JSON lines)")
  List<String> only = List.of();

  @Option(
      names = "--warmup-s",
      description = "the fleet runs this long before the first drill (default ${DEFAULT-VALUE})")
  long warmupSeconds = 10;

  @Override
  public Integer call() throws Exception {
    Set<String> chosen = new LinkedHashSet<>(only.isEmpty() ? ALL : only);
    for (String name : chosen) {
      if (!ALL.contains(name)) {
        throw new IllegalArgumentException(
            "--only: no drill named " + name + "; the drills are " + String.join(", ", ALL));
      }
    }
    if (outageSeconds < 0 || offlineSpeed < 1 || intervals < 1) {
      throw new IllegalArgumentException(
          "--outage-s must be >= 0, --offline-speed >= 1 and --intervals >= 1");
    }
    if (renewSeconds < 1 || leaseSeconds < 2 * renewSeconds) {
      throw new IllegalArgumentException(
          "--renew-s must be >= 1 and --lease-s at least twice --renew-s (the controller's rule)");
    }
    Path dir =
        Files.createTempDirectory(
            Stack.home().resolve("target").toFile().isDirectory()
                ? Stack.home().resolve("target")
                : Path.of(System.getProperty("java.io.tmpdir")),
            "drills");
    System.err.println("drills: state and logs in " + dir);
    boolean standby = chosen.contains("controller_failover");
    boolean needsController = standby || chosen.contains("chain_stop_during_settlement");
    DrillStack.Options options =
        new DrillStack.Options(
            meters,
            Duration.ofMillis(sampleMs),
            Duration.ofMillis(messageMs),
            needsController,
            dir,
            standby,
            new DrillStack.LeaseTiming(
                Duration.ofSeconds(leaseSeconds), Duration.ofSeconds(renewSeconds)));
    long started = System.nanoTime();
    List<DrillResult> results;
    try (DrillStack stack = DrillStack.start(options, System.err)) {
      System.err.printf(
          "drills: %d meters publishing; warming up for %d s%n", meters, warmupSeconds);
      Thread.sleep(warmupSeconds * 1000);
      List<Drill> drills =
          drills(
              stack, chosen, new Plan(Duration.ofSeconds(outageSeconds), offlineSpeed, intervals));
      DrillRunner runner =
          new DrillRunner(
              stack.pipeline(),
              Clock.systemUTC(),
              DrillRunner.Pause.REAL,
              DrillRunner.Settings.defaults());
      results =
          runner.runAll(
              drills,
              r -> {
                System.out.println(r.json());
                System.out.flush();
              });
    }
    System.err.printf(
        "drills: %d drill(s) in %d s%n",
        results.size(), (System.nanoTime() - started) / 1_000_000_000L);
    return results.stream().allMatch(DrillResult::clean) ? 0 : 1;
  }

  /**
   * What the drills are given.
   *
   * @param outage how long a stopped or killed part stays away
   * @param offlineSpeed how much faster the offline meter's clock runs while it catches up
   * @param intervals intervals settled while the chain stops
   */
  public record Plan(Duration outage, double offlineSpeed, int intervals) {}

  /**
   * The chosen drills, in the usual order; those the stack cannot run are skipped with a NOTICE.
   */
  public static List<Drill> drills(DrillStack stack, Set<String> chosen, Plan plan) {
    List<Drill> out = new ArrayList<>();
    for (String name : ALL) {
      if (!chosen.contains(name)) {
        continue;
      }
      switch (name) {
        case "broker_restart" -> out.add(Drills.brokerRestart(stack, plan.outage()));
        case "gateway_kill" -> out.add(Drills.gatewayKill(stack, plan.outage()));
        case "postgres_restart" -> out.add(Drills.postgresRestart(stack, plan.outage()));
        case "meter_offline_hour" -> out.add(Drills.meterOfflineHour(stack, plan.offlineSpeed()));
        case "chain_stop_during_settlement" -> {
          if (stack.chain().isPresent() && stack.controller().isPresent()) {
            out.add(Drills.chainStopDuringSettlement(stack, plan.outage(), plan.intervals()));
          } else {
            System.err.println(
                "drills: NOTICE: chain_stop_during_settlement SKIPPED (needs the grid-controller"
                    + " built and Anvil installed: ./gridweave build; npm ci in settlement/contracts)");
          }
        }
        case "controller_failover" -> {
          if (stack.controllers().size() == 2) {
            out.add(Drills.controllerFailover(stack, plan.intervals()));
          } else {
            System.err.println(
                "drills: NOTICE: controller_failover SKIPPED (needs a grid-controller with leader"
                    + " election, packaged: ./gridweave build)");
          }
        }
        default -> throw new IllegalStateException(name);
      }
    }
    return out;
  }
}

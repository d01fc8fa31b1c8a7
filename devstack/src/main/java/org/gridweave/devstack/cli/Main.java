package org.gridweave.devstack.cli;

import org.gridweave.devstack.bench.IngestBench;
import org.gridweave.devstack.console.ConsoleBench;
import org.gridweave.devstack.demo.Demo;
import org.gridweave.devstack.drill.DrillsBench;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** Entry point of {@code ./gridweave demo} and {@code ./gridweave bench ...}. */
@Command(
    name = "gridweave",
    mixinStandardHelpOptions = true,
    subcommands = {Demo.class, Main.Bench.class})
public final class Main implements Runnable {
  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  /** Benchmarks; each prints one JSON line. */
  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      subcommands = {IngestBench.class, ConsoleBench.class, DrillsBench.class})
  static final class Bench implements Runnable {
    @Override
    public void run() {
      new CommandLine(this).usage(System.out);
    }
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new Main()).execute(args));
  }
}

package org.gridweave.forecasting.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.gridweave.forecasting.data.InputException;
import org.gridweave.forecasting.engine.ForecastEngine;
import org.gridweave.forecasting.evaluate.EvaluateRequest;
import org.gridweave.forecasting.evaluate.EvaluationReport;
import org.gridweave.forecasting.evaluate.Evaluator;
import org.gridweave.forecasting.features.HolidayCalendar;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./gridweave forecast ...}: evaluation and backtests on CSV files. */
@Command(
    name = "forecast",
    mixinStandardHelpOptions = true,
    description = "Forecast evaluation and backtests.",
    subcommands = {ForecastCli.Evaluate.class, ForecastCli.Bench.class})
public final class ForecastCli implements Runnable {

  public static void main(String[] args) {
    // Tribuo logs every thousand SGD iterations at INFO; the CLI's stderr is for our own notes.
    java.util.logging.Logger.getLogger("org.tribuo").setLevel(java.util.logging.Level.WARNING);
    System.exit(commandLine().execute(args));
  }

  /** The command tree; bad input exits with 2 and one line naming file, line and column. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new ForecastCli());
    try {
      Class<?> backtest = Class.forName("org.gridweave.forecasting.cli.BacktestCommand");
      cli.addSubcommand(backtest.getDeclaredConstructor().newInstance());
    } catch (ReflectiveOperationException e) {
      // not built
    }
    cli.setExecutionExceptionHandler((e, command, parsed) -> {
      if (e instanceof InputException) {
        command.getErr().println("forecast: " + e.getMessage());
        return 2;
      }
      throw e;
    });
    return cli;
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }

  /** {@code bench forecast ...}, reached through {@code ./gridweave bench forecast}. */
  @Command(
      name = "bench",
      mixinStandardHelpOptions = true,
      description = "Benchmarks; each prints one JSON line.",
      subcommands = {org.gridweave.forecasting.bench.ForecastBench.class})
  static final class Bench implements Runnable {
    @Override
    public void run() {
      CommandLine.usage(this, System.out);
    }
  }

  /** The evaluation contract: train on TRAIN, forecast TEST, write quantiles, print scores. */
  @Command(
      name = "evaluate",
      mixinStandardHelpOptions = true,
      description =
          "Train on TRAIN only, forecast every TEST row from its series' last TRAIN time, write"
              + " predictions and print the scores as one JSON line.")
  static final class Evaluate implements Callable<Integer> {
    @Option(names = "--train", required = true, description = "training CSV")
    Path train;

    @Option(names = "--test", required = true, description = "test CSV (its target only scores)")
    Path test;

    @Option(names = "--time", required = true, description = "time column (ISO-8601)")
    String time;

    @Option(names = "--target", required = true, description = "target column")
    String target;

    @Option(names = "--series", description = "series id column")
    String series;

    @Option(names = "--features", split = ",", description = "numeric covariate columns")
    List<String> features = new ArrayList<>();

    @Option(
        names = "--quantiles",
        split = ",",
        description = "quantiles to forecast (default 0.1,0.5,0.9)")
    List<Double> quantiles = new ArrayList<>(EvaluateRequest.DEFAULT_QUANTILES);

    @Option(names = "--out", required = true, description = "predictions CSV to write")
    Path out;

    @Option(names = "--holidays", description = "file of holiday dates (yyyy-MM-dd per line)")
    Path holidays;

    @Option(
        names = "--models",
        split = ",",
        description = "candidate models: xgboost, linear, extra_trees (default xgboost,linear)")
    List<String> models;

    @Option(
        names = "--target-scale",
        description =
            "a --features column the target scales with (PV: top-of-atmosphere energy); models of"
                + " the ratio compete and rows where it is 0 get the history's quantiles there")
    String targetScale;

    @Option(names = "--seed", description = "random seed (default ${DEFAULT-VALUE})")
    long seed = 20260101L;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ForecastEngine.Settings settings =
          ForecastEngine.Settings.defaults()
              .withSeed(seed)
              .withHolidays(
                  holidays == null ? HolidayCalendar.NONE : HolidayCalendar.read(holidays));
      if (models != null) {
        settings = settings.withCandidates(models);
      }
      if (targetScale != null) {
        if (!features.contains(targetScale)) {
          throw new InputException(
              "--target-scale: '" + targetScale + "' is not one of the --features columns");
        }
        settings = settings.withTargetScale(targetScale);
      }
      Evaluator evaluator =
          new Evaluator(settings, message -> spec.commandLine().getErr().println(message));
      EvaluationReport report =
          evaluator.evaluate(
              new EvaluateRequest(train, test, time, target, series, features, quantiles, out));
      spec.commandLine().getOut().println(report.json());
      spec.commandLine().getOut().flush();
      return 0;
    }
  }
}

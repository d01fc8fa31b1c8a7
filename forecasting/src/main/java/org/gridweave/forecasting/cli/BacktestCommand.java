package org.gridweave.forecasting.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;
import org.gridweave.forecasting.datasets.Backtests;
import org.gridweave.forecasting.datasets.DataFiles;
import org.gridweave.forecasting.datasets.Fold;
import org.gridweave.forecasting.datasets.FoldWriter;
import org.gridweave.forecasting.datasets.SeriesScores;
import org.gridweave.forecasting.evaluate.BaselineScore;
import org.gridweave.forecasting.evaluate.EvaluateRequest;
import org.gridweave.forecasting.evaluate.EvaluationReport;
import org.gridweave.forecasting.evaluate.Evaluator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code forecast backtest --dataset NAME}: rolling-origin backtest of {@code forecast evaluate} on
 * one of the shared public data sets. One line per fold on stderr, one JSON summary as the last
 * stdout line.
 */
@Command(
    name = "backtest",
    mixinStandardHelpOptions = true,
    description = {
      "Rolling-origin backtest on a shared public data set: writes TRAIN/TEST per fold, runs"
          + " forecast evaluate on each, prints the mean scores as one JSON line.",
      "Data sets: gefcom2012-load, london-smart-meters-lcl-2013, gefcom2012-wind, gefcom2014-solar."
    })
public final class BacktestCommand implements Callable<Integer> {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WEEK = "seasonal_naive_week";
  private static final String DAY = "persistence_day";

  @Option(names = "--dataset", required = true, description = "data set folder name")
  String dataset;

  @Option(names = "--folds", description = "number of folds (default: per data set)")
  Integer folds;

  @Option(
      names = "--data",
      description = "shared data folder (default: -Dgridweave.data or ../shared/data)")
  Path data;

  @Option(names = "--keep", description = "write the fold files here and keep them")
  Path keep;

  @Option(names = "--train-days", description = "cap on TRAIN length in days (default: per set)")
  Integer trainDays;

  @Option(
      names = "--prepare-only",
      description = "write the fold files and stop (no evaluation); use with --keep")
  boolean prepareOnly;

  private final PrintStream out;
  private final PrintStream err;

  public BacktestCommand() {
    this(System.out, System.err);
  }

  BacktestCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public Integer call() throws Exception {
    Path dataDir = data != null ? data : DataFiles.sharedData().orElse(null);
    if (dataDir == null || !Files.isDirectory(dataDir)) {
      err.println(
          "backtest: no shared data folder; pass --data DIR or -D"
              + DataFiles.DATA_PROPERTY
              + "=DIR (looked for shared/data above the repository)");
      return 2;
    }
    Backtests.Plan plan;
    try {
      plan = Backtests.plan(dataset, dataDir, folds, trainDays);
    } catch (IllegalArgumentException e) {
      err.println("backtest: " + e.getMessage());
      return 2;
    }
    plan.table().notes().forEach(n -> err.println("backtest: " + dataset + ": " + n));

    Path work = keep != null ? keep : Files.createTempDirectory("gridweave-backtest-");
    Files.createDirectories(work);
    try {
      return run(plan, work);
    } finally {
      if (keep == null) {
        deleteTree(work);
      }
    }
  }

  private int run(Backtests.Plan plan, Path work) throws IOException {
    var table = plan.table();
    List<EvaluationReport> reports = new ArrayList<>();
    List<Double> householdRatios = new ArrayList<>();
    boolean perSeries = table.seriesColumn() != null;
    for (Fold fold : plan.folds()) {
      Path dir = work.resolve(String.format(Locale.ROOT, "fold-%02d", fold.number()));
      Path train = dir.resolve("train.csv");
      Path test = dir.resolve("test.csv");
      Path predictions = dir.resolve("predictions.csv");
      FoldWriter.Written w =
          FoldWriter.write(
              table, plan.features(), fold, train, test, m -> err.println("backtest: " + m));
      String head =
          String.format(
              Locale.ROOT,
              "backtest %s fold %d/%d origin %s: %d series, train %d rows, test %d rows",
              dataset,
              fold.number(),
              plan.folds().size(),
              fold.origin(),
              w.slices().size(),
              w.trainRows(),
              w.testRows());
      if (prepareOnly) {
        err.println(head + " -> " + dir);
        continue;
      }
      EvaluationReport r =
          new Evaluator(
                  org.gridweave.forecasting.engine.ForecastEngine.Settings.defaults()
                      .withHolidays(plan.holidays())
                      .withTargetScale(plan.targetScale()),
                  System.err::println)
              .evaluate(
                  new EvaluateRequest(
                      train,
                      test,
                      table.timeColumn(),
                      table.targetColumn(),
                      table.seriesColumn(),
                      table.features(),
                      plan.quantiles(),
                      predictions));
      reports.add(r);
      String ratio = "";
      if (perSeries) {
        Optional<Map<String, Double>> model = SeriesScores.modelMae(predictions, table, w.slices());
        if (model.isPresent()) {
          Map<String, Double> week = SeriesScores.seasonalNaiveWeekMae(w.slices(), table.step());
          List<Double> ratios = new ArrayList<>();
          model
              .get()
              .forEach((id, mae) -> {
                Double b = week.get(id);
                if (b != null && b > 0 && Double.isFinite(mae)) {
                  ratios.add(mae / b);
                }
              });
          double fr = mean(ratios, x -> x);
          householdRatios.add(fr);
          ratio = String.format(Locale.ROOT, " mae_vs_week(series mean)=%.3f", fr);
        } else {
          perSeries = false;
          err.println(
              "backtest: "
                  + predictions
                  + " has no series/time/point-forecast columns I recognise ("
                  + SeriesScores.POINT_COLUMNS
                  + "); mae_vs_week falls back to pooled MAE ratios per fold");
        }
      }
      err.println(
          head
              + String.format(
                  Locale.ROOT,
                  ": mae=%.5g rmse=%.5g mape=%.3f pinball=%.5g cov80=%.3f week.mae=%.5g"
                      + " day.mae=%.5g train %.1fs%s",
                  r.mae(),
                  r.rmse(),
                  r.mape(),
                  r.pinball(),
                  r.coverage80(),
                  baseline(r, WEEK).mae(),
                  baseline(r, DAY).mae(),
                  r.trainSeconds(),
                  ratio));
    }
    if (prepareOnly) {
      err.println("backtest: fold files in " + work);
      return 0;
    }
    out.println(summary(plan, reports, perSeries ? householdRatios : null));
    return 0;
  }

  /** The last stdout line. */
  String summary(Backtests.Plan plan, List<EvaluationReport> reports, List<Double> seriesRatios) {
    ObjectNode o = JSON.createObjectNode();
    o.put("backtest", dataset);
    o.put("folds", reports.size());
    put(o, "mae", mean(reports, EvaluationReport::mae));
    put(o, "rmse", mean(reports, EvaluationReport::rmse));
    put(o, "mape", mean(reports, EvaluationReport::mape));
    put(o, "pinball", mean(reports, EvaluationReport::pinball));
    put(o, "coverage_80", mean(reports, EvaluationReport::coverage80));
    ObjectNode b = o.putObject("baselines");
    for (String name : List.of(WEEK, DAY)) {
      ObjectNode s = b.putObject(name);
      put(s, "mae", mean(reports, r -> baseline(r, name).mae()));
      put(s, "mape", mean(reports, r -> baseline(r, name).mape()));
    }
    double pooled = mean(reports, r -> r.mae() / baseline(r, WEEK).mae());
    if (seriesRatios != null && !seriesRatios.isEmpty()) {
      put(o, "mae_vs_week", mean(seriesRatios, x -> x));
      put(o, "mae_vs_week_pooled", pooled);
    } else {
      put(o, "mae_vs_week", pooled);
    }
    put(o, "train_s", reports.stream().mapToDouble(EvaluationReport::trainSeconds).sum());
    put(o, "predict_s", reports.stream().mapToDouble(EvaluationReport::predictSeconds).sum());
    o.put("headline", plan.headline());
    put(o, "goal", plan.goal());
    return o.toString();
  }

  private static BaselineScore baseline(EvaluationReport r, String name) {
    BaselineScore s = r.baselines() == null ? null : r.baselines().get(name);
    return s != null ? s : new BaselineScore(Double.NaN, Double.NaN);
  }

  /** Mean over the finite values; NaN when there is none. */
  static <T> double mean(List<T> items, ToDoubleFunction<T> f) {
    double sum = 0;
    int n = 0;
    for (T t : items) {
      double v = f.applyAsDouble(t);
      if (Double.isFinite(v)) {
        sum += v;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static void put(ObjectNode o, String name, double v) {
    if (Double.isFinite(v)) {
      o.put(name, v);
    } else {
      o.putNull(name);
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder())
          .forEach(p -> {
            try {
              Files.deleteIfExists(p);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
          });
    } catch (IOException | UncheckedIOException e) {
      System.err.println("backtest: could not delete " + root + ": " + e.getMessage());
    }
  }

  /** Standalone entry point (the command is normally a subcommand of {@code forecast}). */
  public static void main(String[] args) {
    System.exit(new picocli.CommandLine(new BacktestCommand()).execute(args));
  }
}

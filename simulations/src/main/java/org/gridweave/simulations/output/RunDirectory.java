package org.gridweave.simulations.output;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.gridweave.simulations.engine.Progress;
import org.gridweave.simulations.engine.Results;
import org.gridweave.simulations.engine.Simulation;
import org.gridweave.simulations.engine.StepListener;
import org.gridweave.simulations.profile.GefcomSeries;
import org.gridweave.simulations.profile.LondonDemand;
import org.gridweave.simulations.scenario.Scenario;
import org.gridweave.simulations.settlement.DevChainSettlement;

/**
 * Runs a scenario into an output folder: {@code intervals.csv}, {@code nodes.csv} (optional),
 * {@code summary.json} (byte-identical for the same scenario and seed), {@code perf.json} (wall
 * time and speed; differs run to run) and {@code report.html} (the plots, self-contained); {@code
 * summary.json} comes last, moved into place whole, so its presence means the run finished.
 */
public final class RunDirectory {
  /** Written last and atomically: its presence says the run finished (a sweep collects it). */
  public static final String SUMMARY = "summary.json";

  private RunDirectory() {}

  public record Options(boolean perNode, boolean progress) {}

  public static Results run(
      Scenario scenario,
      Path out,
      Options options,
      Optional<LondonDemand> london,
      PrintStream err) {
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the output folder " + out, e);
    }
    if (scenario.demand() == Scenario.DemandSource.LONDON && london.isEmpty()) {
      err.println(
          "NOTICE: the London smart-meter data ("
              + LondonDemand.FOLDER
              + ") was not found next to the project: demand is synthetic in this run.");
    }
    Path home = Path.of(System.getProperty("gridweave.home", "."));
    if (scenario.pvSource() == Scenario.PvSource.GEFCOM2014 && GefcomSeries.solar(home).isEmpty()) {
      err.println(
          "NOTICE: the GEFCom2014 solar data (../shared/data/"
              + GefcomSeries.SOLAR_FOLDER
              + ") was not found next to the project: PV is synthetic in this run.");
    }
    if (scenario.windSource() == Scenario.WindSource.GEFCOM2012
        && GefcomSeries.wind(home).isEmpty()) {
      err.println(
          "NOTICE: the GEFCom2012 wind data (../shared/data/"
              + GefcomSeries.WIND_FOLDER
              + ") was not found next to the project: wind is synthetic in this run.");
    }
    Simulation sim = new Simulation(scenario, london);
    DevChainSettlement chain =
        scenario.settlement() == Scenario.SettlementMode.DEV_CHAIN
            ? new DevChainSettlement(scenario, sim.siteIds())
            : null;
    sim.settleTo(chain);
    double[] limits =
        scenario.feeders().stream().mapToDouble(Scenario.FeederSpec::limitKw).toArray();
    long t0 = System.nanoTime();
    Results results;
    ReportSeries report = new ReportSeries(scenario, sim.batteryCapacityKwh());
    try (IntervalCsv intervals = new IntervalCsv(out.resolve("intervals.csv"), limits);
        NodeCsv nodes = options.perNode() ? new NodeCsv(out.resolve("nodes.csv")) : null) {
      List<StepListener> listeners = new ArrayList<>();
      listeners.add(intervals);
      listeners.add(report);
      if (nodes != null) {
        listeners.add(nodes);
      }
      results =
          sim.run(listeners, options.progress() ? new Progress(err, scenario.prosumers()) : null);
    } finally {
      if (chain != null) {
        chain.close();
      }
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    Map<String, Object> perf = new TreeMap<>();
    perf.put("wall_s", wall);
    perf.put("prosumer_intervals", results.prosumerIntervals());
    perf.put("prosumer_intervals_per_s", results.prosumerIntervals() / Math.max(wall, 1e-9));
    perf.put("cores", Runtime.getRuntime().availableProcessors());
    perf.put("threads", 1);
    perf.put("per_node_csv", options.perNode());
    perf.putAll(results.perf());
    write(out.resolve("perf.json"), SortedJson.write(perf));
    report.finish();
    write(
        out.resolve("report.html"),
        HtmlReport.render(
            scenario,
            report,
            results.summary(),
            scenario.feeders().stream().map(Scenario.FeederSpec::id).toList()));
    Path partial = out.resolve(SUMMARY + ".partial");
    write(partial, SortedJson.write(results.summary()));
    try {
      Files.move(
          partial,
          out.resolve(SUMMARY),
          StandardCopyOption.REPLACE_EXISTING,
          StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + out.resolve(SUMMARY), e);
    }
    return results;
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

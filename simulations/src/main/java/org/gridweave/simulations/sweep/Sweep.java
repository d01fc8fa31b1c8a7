package org.gridweave.simulations.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridweave.simulations.engine.ConservationViolation;
import org.gridweave.simulations.output.HtmlReport;
import org.gridweave.simulations.output.RunDirectory;
import org.gridweave.simulations.output.SortedJson;
import org.gridweave.simulations.profile.LondonDemand;
import org.gridweave.simulations.scenario.Scenario;
import org.gridweave.simulations.settlement.DevChainSettlement;

/**
 * Runs a {@link SweepPlan}'s variants in parallel (or one of them, {@link #runIndex}, for a pod of
 * a Kubernetes indexed Job), each one a normal run in {@code DIR/<variant>/}, then {@link
 * #collect}s the folders into {@code DIR/comparison.csv} (one row per variant, in plan order: the
 * parameters, a status and the headline figures of its {@code summary.json}) and {@code
 * DIR/comparison.html}. Each variant runs on one thread, as {@code sim run} does; the variants
 * share nothing but the read-only London and GEFCom data.
 */
public final class Sweep {
  /** The headline figures compared: column name, summary section, key. */
  public static final List<String[]> FIGURES =
      List.of(
          new String[] {"self_sufficiency", "grid", "self_sufficiency"},
          new String[] {"self_consumption", "grid", "self_consumption"},
          new String[] {"peak_import_kw", "grid", "peak_import_kw"},
          new String[] {"peak_export_kw", "grid", "peak_export_kw"},
          new String[] {"feeder_overload_hours", "grid", "feeder_overload_hours"},
          new String[] {"transformer_overload_hours", "grid", "transformer_overload_hours"},
          new String[] {"transformer_import_kwh", "energy", "transformer_import_kwh"},
          new String[] {"transformer_export_kwh", "energy", "transformer_export_kwh"},
          new String[] {"pv_curtailed_kwh", "energy", "pv_curtailed_kwh"},
          new String[] {"battery_losses_kwh", "energy", "battery_losses_kwh"},
          new String[] {"market_volume_kwh", "market", "volume_kwh"},
          new String[] {"market_mean_price_per_kwh", "market", "mean_price_per_kwh"},
          new String[] {"cost_per_prosumer_mean", "cost", "cost_per_prosumer_mean"},
          new String[] {
            "cost_per_prosumer_tariff_only_mean", "cost", "cost_per_prosumer_tariff_only_mean"
          },
          new String[] {"demand_mae_kw", "forecast", "demand_mae_kw"});

  /** A variant's file that says why it failed (in its own folder, so nothing is shared). */
  public static final String FAILED_FILE = "FAILED.txt";

  /** What {@code comparison.csv} says of a variant. */
  public enum Status {
    OK,
    FAILED,
    MISSING;

    String word() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One variant's outcome, read back from its folder: its headline figures (as written) or why not.
   */
  public record Outcome(
      SweepPlan.Variant variant, Status status, Map<String, String> figures, String why) {
    public boolean ok() {
      return status == Status.OK;
    }
  }

  private Sweep() {}

  /**
   * Runs every variant ({@code threads} at a time) into {@code DIR/<variant>/}, then {@link
   * #collect}s them into {@code comparison.csv} and {@code comparison.html}.
   *
   * @param threads how many variants run at once (≥ 1)
   * @param log one line per finished variant
   */
  public static List<Outcome> run(
      SweepPlan plan, Path out, int threads, Optional<LondonDemand> london, PrintStream log) {
    if (threads < 1) {
      throw new IllegalArgumentException("--parallel must be >= 1, was " + threads);
    }
    List<SweepPlan.Variant> variants = plan.variants();
    AtomicInteger done = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, variants.size()));
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (SweepPlan.Variant v : variants) {
        futures.add(
            pool.submit(() -> {
              long t0 = System.nanoTime();
              String failure = runOne(v, out, london);
              synchronized (log) {
                log.printf(
                    Locale.ROOT,
                    "sweep: [%d/%d] %s %s in %.1f s%n",
                    done.incrementAndGet(),
                    variants.size(),
                    v.id(),
                    failure == null ? "done" : "FAILED (" + failure + ")",
                    (System.nanoTime() - t0) / 1e9);
              }
            }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("the sweep was interrupted", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a variant crashed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
    }
    return collect(plan, out);
  }

  /**
   * Runs variant {@code index} (0-based, plan order) into {@code DIR/<variant>/} exactly as {@link
   * #run} would, and writes nothing outside that folder — so the pods of a Kubernetes indexed Job
   * can share one volume.
   *
   * @return {@code null} when it ran, otherwise the conservation failure (also in {@value
   *     #FAILED_FILE})
   */
  public static String runIndex(
      SweepPlan plan, Path out, int index, Optional<LondonDemand> london) {
    return runOne(plan.variants().get(index), out, london);
  }

  /**
   * The variant index that {@code --only-index} names: a number, or {@code env} for the environment
   * variable {@code JOB_COMPLETION_INDEX} (a Kubernetes indexed Job sets it).
   *
   * @throws IllegalArgumentException saying why, with the number of variants
   */
  public static int index(String spec, int variants, Map<String, String> env) {
    String range =
        "the sweep has "
            + variants
            + " variant"
            + (variants == 1 ? "" : "s")
            + ", indexes 0-"
            + (variants - 1);
    String text = spec;
    String what = "--only-index";
    if (spec.equals("env")) {
      what = "JOB_COMPLETION_INDEX (--only-index env)";
      text = env.get("JOB_COMPLETION_INDEX");
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException(
            "--only-index env reads JOB_COMPLETION_INDEX, which is not set (" + range + ")");
      }
    }
    int n;
    try {
      n = Integer.parseInt(text.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          what + " must be a whole number or 'env', was '" + text + "' (" + range + ")");
    }
    if (n < 0 || n >= variants) {
      throw new IllegalArgumentException(what + " is " + n + ", out of range: " + range);
    }
    return n;
  }

  /** Runs one variant into its folder; returns null or the failure (also written there). */
  private static String runOne(SweepPlan.Variant v, Path out, Optional<LondonDemand> london) {
    Path dir = out.resolve(v.id());
    PrintStream quiet = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    Optional<LondonDemand> demand =
        v.scenario().demand() == Scenario.DemandSource.LONDON ? london : Optional.empty();
    try {
      Files.createDirectories(dir);
      // a rerun (a retried pod) must not leave an earlier verdict behind
      Files.deleteIfExists(dir.resolve(RunDirectory.SUMMARY));
      Files.deleteIfExists(dir.resolve(FAILED_FILE));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare the variant folder " + dir, e);
    }
    try {
      RunDirectory.run(v.scenario(), dir, new RunDirectory.Options(false, false), demand, quiet);
      return null;
    } catch (ConservationViolation | DevChainSettlement.SettlementUnavailable e) {
      write(dir.resolve(FAILED_FILE), e.getMessage() + "\n");
      return e.getMessage();
    }
  }

  /**
   * Writes {@code comparison.csv} and {@code comparison.html} from the variant folders in {@code
   * out} without running anything: a variant is {@code ok} when its {@code summary.json} (written
   * last, atomically) is there and belongs to it (scenario name and seed), {@code failed} when it
   * left {@value #FAILED_FILE}, otherwise {@code missing}. The full sweep ends with this too, so
   * both give the same bytes.
   */
  public static List<Outcome> collect(SweepPlan plan, Path out) {
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the output folder " + out, e);
    }
    List<Outcome> outcomes = new ArrayList<>();
    for (SweepPlan.Variant v : plan.variants()) {
      outcomes.add(read(v, out.resolve(v.id())));
    }
    write(out.resolve("comparison.csv"), csv(plan, outcomes));
    write(out.resolve("comparison.html"), html(plan, outcomes));
    return outcomes;
  }

  private static final ObjectMapper JSON = new ObjectMapper();

  private static Outcome read(SweepPlan.Variant v, Path dir) {
    Path failed = dir.resolve(FAILED_FILE);
    if (Files.isRegularFile(failed)) {
      String why;
      try {
        why = Files.readString(failed, StandardCharsets.UTF_8).strip();
      } catch (IOException e) {
        why = "unreadable " + failed;
      }
      return new Outcome(v, Status.FAILED, Map.of(), why);
    }
    Path summary = dir.resolve(RunDirectory.SUMMARY);
    if (!Files.isRegularFile(summary)) {
      return new Outcome(v, Status.MISSING, Map.of(), "no " + summary);
    }
    JsonNode root;
    try {
      root = JSON.readTree(summary.toFile());
    } catch (IOException e) {
      return new Outcome(v, Status.MISSING, Map.of(), summary + " is not JSON: " + e.getMessage());
    }
    JsonNode run = root.path("run");
    if (!run.path("scenario").asText().equals(v.scenario().name())
        || run.path("seed").asLong(-1) != v.scenario().seed()) {
      return new Outcome(
          v,
          Status.MISSING,
          Map.of(),
          summary
              + " is from another run (scenario "
              + run.path("scenario")
              + ", seed "
              + run.path("seed")
              + ")");
    }
    Map<String, String> figures = new LinkedHashMap<>();
    for (String[] f : FIGURES) {
      JsonNode n = root.path(f[1]).path(f[2]);
      if (n.isMissingNode()) {
        return new Outcome(v, Status.MISSING, Map.of(), summary + " has no " + f[1] + "." + f[2]);
      }
      figures.put(f[0], n.isNumber() ? SortedJson.decimal(n.asDouble()) : "null");
    }
    return new Outcome(v, Status.OK, figures, null);
  }

  /** {@code comparison.csv}: variant, the parameters, status, the figures (six decimals). */
  static String csv(SweepPlan plan, List<Outcome> outcomes) {
    StringBuilder sb = new StringBuilder("variant");
    plan.params().forEach(p -> sb.append(',').append(p.name()));
    sb.append(",status");
    FIGURES.forEach(f -> sb.append(',').append(f[0]));
    sb.append('\n');
    for (Outcome o : outcomes) {
      sb.append(o.variant().id());
      plan.params().forEach(p -> sb.append(',').append(o.variant().params().get(p.name())));
      sb.append(',').append(o.status().word());
      for (String[] f : FIGURES) {
        sb.append(',');
        if (o.ok()) {
          String d = o.figures().get(f[0]);
          sb.append(d.equals("null") ? "" : d);
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** {@code comparison.html}: the table with links to each variant's report, and bar charts. */
  static String html(SweepPlan plan, List<Outcome> outcomes) {
    StringBuilder sb = new StringBuilder(1 << 20);
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
        .append("<title>GridWeave sweep: ")
        .append(HtmlReport.escape(outcomes.getFirst().variant().scenario().name()))
        .append("</title>\n<style>\n")
        .append(
            "body{font-family:system-ui,sans-serif;margin:24px auto;max-width:1200px;padding:0"
                + " 16px;color:#222}.chart{width:100%;height:320px}table{border-collapse:collapse;"
                + "font-size:.85em}td,th{border:1px solid #ddd;padding:3px 8px}"
                + "td.n{text-align:right;font-variant-numeric:tabular-nums}.wide{overflow-x:auto}\n")
        .append("</style>\n</head>\n<body>\n<h1>Sweep of ")
        .append(HtmlReport.escape(outcomes.getFirst().variant().scenario().name()))
        .append(": ")
        .append(outcomes.size())
        .append(" variants</h1>\n<p>Parameters: ");
    for (int i = 0; i < plan.params().size(); i++) {
      SweepPlan.Param p = plan.params().get(i);
      sb.append(i > 0 ? "; " : "")
          .append(HtmlReport.escape(p.name()))
          .append(" (")
          .append(HtmlReport.escape(p.path()))
          .append(") = ")
          .append(HtmlReport.escape(String.join(", ", p.values())));
    }
    sb.append(". Each variant's own report: the links in the table.</p>\n");
    String[][] charts = {
      {"self_sufficiency", "Self-sufficiency"},
      {"peak_import_kw", "Peak import (kW)"},
      {"feeder_overload_hours", "Feeder overload hours"},
      {"cost_per_prosumer_mean", "Mean cost per prosumer"},
    };
    for (String[] c : charts) {
      sb.append("<h2>")
          .append(c[1])
          .append("</h2>\n<div class=\"chart\" id=\"")
          .append(c[0])
          .append("\"></div>\n");
    }
    sb.append(
        "<h2>All figures (comparison.csv)</h2>\n<div class=\"wide\"><table id=\"comparison\">\n"
            + "<tr><th>variant</th>");
    plan.params()
        .forEach(p -> sb.append("<th>").append(HtmlReport.escape(p.name())).append("</th>"));
    sb.append("<th>status</th>");
    FIGURES.forEach(f -> sb.append("<th>").append(f[0]).append("</th>"));
    sb.append("</tr>\n");
    for (Outcome o : outcomes) {
      String id = HtmlReport.escape(o.variant().id());
      sb.append("<tr><td><a href=\"")
          .append(id)
          .append("/report.html\">")
          .append(id)
          .append("</a></td>");
      plan.params()
          .forEach(p ->
              sb.append("<td>")
                  .append(HtmlReport.escape(o.variant().params().get(p.name())))
                  .append("</td>"));
      sb.append("<td>").append(o.status().word()).append("</td>");
      for (String[] f : FIGURES) {
        sb.append("<td class=\"n\">").append(o.ok() ? o.figures().get(f[0]) : "").append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table></div>\n<script>\n")
        .append(HtmlReport.echarts())
        .append("\n</script>\n<script>\n");
    sb.append("const V = [");
    for (int i = 0; i < outcomes.size(); i++) {
      sb.append(i > 0 ? "," : "").append('"').append(outcomes.get(i).variant().id()).append('"');
    }
    sb.append("];\nconst F = {");
    for (int c = 0; c < charts.length; c++) {
      String name = charts[c][0];
      String[] fig = FIGURES.stream().filter(f -> f[0].equals(name)).findFirst().orElseThrow();
      sb.append(c > 0 ? "," : "").append('"').append(fig[0]).append("\":[");
      for (int i = 0; i < outcomes.size(); i++) {
        Outcome o = outcomes.get(i);
        sb.append(i > 0 ? "," : "").append(o.ok() ? o.figures().get(fig[0]) : "null");
      }
      sb.append(']');
    }
    sb.append("};\n")
        .append(
            """
            let finished = 0;
            const ids = Object.keys(F);
            ids.forEach(id => {
              const c = echarts.init(document.getElementById(id), null, {renderer: 'canvas'});
              c.on('finished', () => {
                if (!c.__counted) { c.__counted = true; finished++; }
                if (finished === ids.length) document.body.dataset.rendered = 'true';
              });
              c.setOption({animation: false, tooltip: {trigger: 'axis'},
                grid: {left: 64, right: 24, top: 16, bottom: 96},
                xAxis: {type: 'category', data: V, axisLabel: {rotate: 30, fontSize: 10}},
                yAxis: {type: 'value'}, series: [{type: 'bar', data: F[id]}]});
            });
            </script>
            </body>
            </html>
            """);
    return sb.toString();
  }

  private static void write(Path file, String text) {
    try {
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

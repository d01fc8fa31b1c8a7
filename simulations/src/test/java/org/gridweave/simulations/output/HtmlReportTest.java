package org.gridweave.simulations.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.gridweave.simulations.engine.Results;
import org.gridweave.simulations.scenario.Scenario;
import org.gridweave.simulations.scenario.ScenarioFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

  static Scenario small(int days) {
    return ScenarioFile.parse(
        "small.yaml",
        """
        name: small-report
        seed: 11
        clock: {start: 2026-06-01T00:00:00Z, end: END, step: 15m}
        topology:
          transformer_limit_kw: 12
          connection: {import_limit_kw: 12, export_limit_kw: 3}
          feeders:
            - {id: a, limit_kw: 6, prosumers: 3}
            - {id: b, limit_kw: 12, prosumers: 3}
        population:
          pv_share: 0.7
          pv_kwp: {min: 3, max: 9}
          battery_share: 0.6
          battery_kwh: {min: 4, max: 12}
          wind_share: 0.3
        profiles: {wind_speed_mean_ms: 8}
        market: {mechanism: pay_as_clear}
        dispatch: {strategy: rules}
        forecasting: {mode: naive}
        """
            .replace(
                "END",
                java.time.Instant.parse("2026-06-01T00:00:00Z")
                    .plus(java.time.Duration.ofDays(days))
                    .toString()));
  }

  private Results run(Scenario s, Path dir) {
    return RunDirectory.run(
        s, dir, new RunDirectory.Options(false, false), Optional.empty(), quiet);
  }

  /** The JSON object the report hands its charts ({@code const D = {...};}). */
  static JsonNode data(String html) throws Exception {
    int from = html.indexOf("const D = ") + "const D = ".length();
    int to = html.indexOf(";\n", from);
    return new ObjectMapper().readTree(html.substring(from, to));
  }

  private static List<Double> column(Path csv, String name) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    int c = List.of(lines.get(0).split(",")).indexOf(name);
    return lines.stream().skip(1).map(l -> Double.parseDouble(l.split(",", -1)[c])).toList();
  }

  @Test
  void aShortRunPlotsEveryStepInOneSelfContainedFile(@TempDir Path tmp) throws Exception {
    Scenario s = small(2);

    Results r = run(s, tmp.resolve("a"));
    run(s, tmp.resolve("b"));

    String html = Files.readString(tmp.resolve("a/report.html"));
    // self-contained: ECharts inlined, nothing fetched
    assertThat(html).contains("echarts").doesNotContain("<script src");
    // (the browser test checks that opening it requests nothing)
    // the summary table with the scenario and the seed
    assertThat(html)
        .contains("<tr><td>run.scenario</td><td>small-report</td></tr>")
        .contains("<tr><td>run.seed</td><td>11</td></tr>")
        .contains("every step (15 min), as simulated");

    JsonNode d = data(html);
    assertThat(d.get("t")).hasSize(192);
    assertThat(d.get("t").get(0).asLong())
        .isEqualTo(java.time.Instant.parse("2026-06-01T00:00:00Z").toEpochMilli());
    List<Double> demand = column(tmp.resolve("a/intervals.csv"), "demand_kw");
    List<Double> imports = column(tmp.resolve("a/intervals.csv"), "import_kw");
    for (int i = 0; i < 192; i++) {
      assertThat(d.get("demand").get(i).asDouble()).isCloseTo(demand.get(i), within(0.0015));
      assertThat(d.get("import").get(i).asDouble()).isCloseTo(imports.get(i), within(0.0015));
    }
    assertThat(d.get("feeders")).hasSize(2);
    assertThat(d.get("feeders").get(0).get("id").asText()).isEqualTo("a");
    // local days in Europe/London: 01:00 BST on 1 June to 00:45 BST on 3 June
    assertThat(d.get("days").toString())
        .isEqualTo("[\"2026-06-01\",\"2026-06-02\",\"2026-06-03\"]");
    double dailyDemand = 0, dailyImport = 0;
    for (int k = 0; k < 3; k++) {
      dailyDemand += d.get("day_demand").get(k).asDouble();
      dailyImport += d.get("day_import").get(k).asDouble();
    }
    assertThat(dailyDemand).isCloseTo(r.number("energy", "demand_kwh"), within(0.02));
    assertThat(dailyImport).isCloseTo(r.number("energy", "site_import_kwh"), within(0.02));
    // a 6 kW feeder overloads at some point; the shading covers those steps
    double worst = 0;
    for (JsonNode v : d.get("feeders").get(0).get("loading")) {
      worst = Math.max(worst, v.asDouble());
    }
    assertThat(d.get("overloads").isEmpty()).isEqualTo(worst <= 100 && !transformerOver(d));

    assertThat(Files.readAllBytes(tmp.resolve("b/report.html")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("a/report.html")));
  }

  private static boolean transformerOver(JsonNode d) {
    for (JsonNode v : d.get("transformer")) {
      if (v.asDouble() > 100) {
        return true;
      }
    }
    return false;
  }

  @Test
  void aLongerRunIsPlottedAsHourlyMeansWithTheHoursHighestLoading(@TempDir Path tmp)
      throws Exception {
    Scenario s = small(30); // 2,880 steps: more than three weeks

    run(s, tmp);

    String html = Files.readString(tmp.resolve("report.html"));
    assertThat(html).contains("hourly means of the 15-min steps");
    JsonNode d = data(html);
    assertThat(d.get("t")).hasSize(720);
    assertThat(d.get("t").get(1).asLong() - d.get("t").get(0).asLong()).isEqualTo(3_600_000);
    List<Double> demand = column(tmp.resolve("intervals.csv"), "demand_kw");
    List<Double> loading = column(tmp.resolve("intervals.csv"), "max_feeder_loading_pct");
    for (int h = 0; h < 720; h += 37) {
      double mean = 0, max = 0;
      for (int q = 0; q < 4; q++) {
        mean += demand.get(4 * h + q) / 4;
        max = Math.max(max, loading.get(4 * h + q));
      }
      assertThat(d.get("demand").get(h).asDouble()).isCloseTo(mean, within(0.002));
      double plotted =
          Math.max(
              d.get("feeders").get(0).get("loading").get(h).asDouble(),
              d.get("feeders").get(1).get("loading").get(h).asDouble());
      assertThat(plotted).isCloseTo(max, within(0.11));
    }
    assertThat(d.get("days")).hasSize(31);
  }
}

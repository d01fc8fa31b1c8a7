package org.gridweave.simulations.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.simulations.cli.SimCli;
import org.gridweave.simulations.output.RunDirectory;
import org.gridweave.simulations.scenario.ScenarioException;
import org.gridweave.simulations.scenario.ScenarioFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SweepTest {
  private static final String TINY =
      """
      name: tiny-sweep
      seed: 5
      clock: {start: 2026-06-01T00:00:00Z, end: 2026-06-02T00:00:00Z, step: 15m}
      topology:
        transformer_limit_kw: 30
        feeders:
          - {id: a, limit_kw: 15, prosumers: 3}
          - {id: b, limit_kw: 12, prosumers: 2}
      population:
        pv_share: 0.8
        pv_kwp: {min: 3, max: 8}
        battery_share: 0.5
        battery_kwh: {min: 4, max: 10}
      market: {mechanism: pay_as_clear}
      dispatch: {strategy: rules}
      """;

  @TempDir Path tmp;
  private Path file;
  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

  @BeforeEach
  void writeScenario() throws Exception {
    file = tmp.resolve("tiny-sweep.yaml");
    Files.writeString(file, TINY);
  }

  @Test
  void runsTheCrossProductInParallelAndComparesTheVariants() throws Exception {
    SweepPlan plan =
        SweepPlan.of(file, List.of("battery_share=0,1", "market=pay_as_clear,pay_as_bid"), null);
    Path out = tmp.resolve("out");

    var outcomes = Sweep.run(plan, out, 2, Optional.empty(), quiet);

    assertThat(outcomes).allMatch(Sweep.Outcome::ok);
    List<String> csv = Files.readAllLines(out.resolve("comparison.csv"));
    assertThat(csv.get(0))
        .startsWith("variant,battery_share,market,status,self_sufficiency,self_consumption,");
    assertThat(csv.subList(1, csv.size()))
        .extracting(l -> l.substring(0, l.indexOf(",ok,")))
        .containsExactly(
            "battery_share-0__market-pay_as_clear,0,pay_as_clear",
            "battery_share-0__market-pay_as_bid,0,pay_as_bid",
            "battery_share-1__market-pay_as_clear,1,pay_as_clear",
            "battery_share-1__market-pay_as_bid,1,pay_as_bid");
    for (String v :
        List.of("battery_share-0__market-pay_as_clear", "battery_share-1__market-pay_as_bid")) {
      assertThat(out.resolve(v).resolve("report.html")).isNotEmptyFile();
      assertThat(out.resolve(v).resolve("intervals.csv")).isNotEmptyFile();
    }
    assertThat(Files.readString(out.resolve("battery_share-0__market-pay_as_bid/summary.json")))
        .contains("\"battery_sites\": 0")
        .contains("\"mechanism\": \"pay_as_bid\"");
    assertThat(Files.readString(out.resolve("battery_share-1__market-pay_as_bid/summary.json")))
        .contains("\"battery_sites\": 5");

    // a variant run in the sweep gives the same bytes as the hand-edited scenario run alone
    var alone =
        ScenarioFile.parse(
            "edited.yaml",
            TINY.replace("battery_share: 0.5", "battery_share: 1")
                .replace("pay_as_clear", "pay_as_bid"));
    RunDirectory.run(
        alone,
        tmp.resolve("alone"),
        new RunDirectory.Options(false, false),
        Optional.empty(),
        quiet);
    assertThat(Files.readAllBytes(out.resolve("battery_share-1__market-pay_as_bid/summary.json")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("alone/summary.json")));

    // the CSV's figures are the variants' summary.json figures
    String[] header = csv.get(0).split(",");
    String[] row = csv.get(4).split(",", -1);
    int col = List.of(header).indexOf("self_sufficiency");
    assertThat(Files.readString(tmp.resolve("alone/summary.json")))
        .contains("\"self_sufficiency\": " + row[col]);

    assertThat(Files.readString(out.resolve("comparison.html")))
        .contains("<a href=\"battery_share-0__market-pay_as_clear/report.html\">")
        .contains("battery_share (population.battery_share) = 0, 1");
  }

  @Test
  void aliasesReachEveryListElementAndDottedPathsWorkToo() {
    SweepPlan plan =
        SweepPlan.of(file, List.of("feeder_limit_kw=9", "population.pv_kwp.max=12"), 77L);

    var s = plan.variants().getFirst().scenario();
    assertThat(s.feeders()).allMatch(f -> f.limitKw() == 9);
    assertThat(s.population().pvKwp().max()).isEqualTo(12);
    assertThat(s.seed()).isEqualTo(77);
    assertThat(plan.variants().getFirst().id())
        .isEqualTo("feeder_limit_kw-9__population.pv_kwp.max-12");
  }

  @Test
  void refusesUnknownParametersAndValuesTheSchemaRefusesNamingTheParameter() {
    assertThatThrownBy(() -> SweepPlan.of(file, List.of("heat_pumps=0,1"), null))
        .isInstanceOf(ScenarioException.class)
        .hasMessageStartingWith("unknown parameter 'heat_pumps': use one of seed, battery_share");
    assertThatThrownBy(() -> SweepPlan.of(file, List.of("battery_share=0,1.5"), null))
        .hasMessage("--param battery_share=1.5 refused: battery_share must be <= 1, was 1.5");
    assertThatThrownBy(() -> SweepPlan.of(file, List.of("market=pay_as_clear,auction"), null))
        .hasMessageStartingWith("--param market=auction refused: mechanism must be one of");
    assertThatThrownBy(() -> SweepPlan.of(file, List.of("population.heat_pump_share=1"), null))
        .hasMessageContaining(
            "--param population.heat_pump_share=1 refused: unknown key 'heat_pump_share'");
    assertThatThrownBy(() -> SweepPlan.of(file, List.of("battery_share"), null))
        .hasMessageStartingWith("--param must be name=v1,v2,...");
    assertThatThrownBy(() -> SweepPlan.of(file, List.of("battery_share=0,,1"), null))
        .hasMessageStartingWith("--param battery_share has an empty value");
    assertThatThrownBy(
            () -> SweepPlan.of(file, List.of("battery_share=0", "battery_share=1"), null))
        .hasMessage("--param battery_share is given twice");
  }

  @Test
  void theCommandLineRefusesABadParameterWithExitCode2() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream saved = System.err;
    int code;
    try {
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code =
          new CommandLine(new SimCli())
              .execute(
                  "sweep",
                  file.toString(),
                  "--param",
                  "pv_share=2",
                  "--out",
                  tmp.resolve("x").toString());
    } finally {
      System.setErr(saved);
    }

    assertThat(code).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("--param pv_share=2 refused: pv_share must be <= 1, was 2");
    assertThat(tmp.resolve("x")).doesNotExist();
  }

  /** What the command line printed and returned. */
  private record Cli(int code, String out, String err) {}

  private Cli sim(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream savedOut = System.out;
    PrintStream savedErr = System.err;
    int code;
    try {
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
      code = new CommandLine(new SimCli()).execute(args);
    } finally {
      System.setOut(savedOut);
      System.setErr(savedErr);
    }
    return new Cli(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyIndexRunAloneThenCollectGivesTheSameComparisonAsOneFullSweep() throws Exception {
    String[] params = {"--param", "battery_share=0,1", "--param", "market=pay_as_clear,none"};
    Path full = tmp.resolve("full");
    Path cluster = tmp.resolve("cluster");

    Cli whole =
        sim(concat(new String[] {"sweep", file.toString(), "--out", full.toString()}, params));
    Cli listed = sim(concat(new String[] {"sweep", file.toString(), "--list"}, params));
    List<String> lines = listed.out().lines().toList();
    int n = Integer.parseInt(lines.getFirst());
    for (int i = n - 1; i >= 0; i--) { // any order: the pods of a Job finish as they please
      Cli one =
          sim(
              concat(
                  new String[] {
                    "sweep", file.toString(), "--out", cluster.toString(), "--only-index", "" + i
                  },
                  params));
      assertThat(one.code()).as(one.err()).isZero();
    }
    // the pods wrote their own folders and nothing shared
    try (var entries = Files.list(cluster)) {
      assertThat(entries.map(p -> p.getFileName().toString()).sorted())
          .containsExactlyElementsOf(lines.subList(1, lines.size()).stream().sorted().toList());
    }
    Cli collected =
        sim(
            concat(
                new String[] {"sweep", file.toString(), "--out", cluster.toString(), "--collect"},
                params));

    assertThat(whole.code()).as(whole.err()).isZero();
    assertThat(collected.code()).as(collected.err()).isZero();
    assertThat(n).isEqualTo(4);
    assertThat(lines.subList(1, lines.size()))
        .containsExactly(
            "battery_share-0__market-pay_as_clear",
            "battery_share-0__market-none",
            "battery_share-1__market-pay_as_clear",
            "battery_share-1__market-none");
    assertThat(Files.readAllBytes(cluster.resolve("comparison.csv")))
        .isEqualTo(Files.readAllBytes(full.resolve("comparison.csv")));
    assertThat(Files.readAllBytes(cluster.resolve("comparison.html")))
        .isEqualTo(Files.readAllBytes(full.resolve("comparison.html")));
    assertThat(Files.readString(full.resolve("comparison.csv"))).doesNotContain(",missing,");
    for (String v : lines.subList(1, lines.size())) {
      assertThat(Files.readAllBytes(cluster.resolve(v).resolve("summary.json")))
          .isEqualTo(Files.readAllBytes(full.resolve(v).resolve("summary.json")));
    }
  }

  @Test
  void collectMarksAMissingOrUnfinishedVariantButStillWritesTheTable() throws Exception {
    String[] params = {"--param", "battery_share=0,0.5,1"};
    Path dir = tmp.resolve("partial");
    sim(
        concat(
            new String[] {"sweep", file.toString(), "--out", dir.toString(), "--only-index", "0"},
            params));
    sim(
        concat(
            new String[] {"sweep", file.toString(), "--out", dir.toString(), "--only-index", "2"},
            params));
    // variant 2's pod died after its CSV but before its summary.json
    Files.delete(dir.resolve("battery_share-1/summary.json"));

    Cli collected =
        sim(
            concat(
                new String[] {"sweep", file.toString(), "--out", dir.toString(), "--collect"},
                params));

    assertThat(collected.code()).isEqualTo(4);
    assertThat(collected.err())
        .contains("battery_share-0.5 MISSING")
        .contains("from 1 of 3 variants");
    assertThat(Files.readAllLines(dir.resolve("comparison.csv")))
        .extracting(l -> l.split(",", -1)[2])
        .containsExactly("status", "ok", "missing", "missing");
    assertThat(dir.resolve("comparison.html")).content().contains("<td>missing</td>");
  }

  @Test
  void collectDoesNotTakeASummaryFromAnotherSeedAsTheVariantsOwn() throws Exception {
    String[] params = {"--param", "battery_share=0"};
    Path dir = tmp.resolve("stale");
    sim(
        concat(
            new String[] {
              "sweep", file.toString(), "--out", dir.toString(), "--only-index", "0", "--seed", "9"
            },
            params));

    Cli collected =
        sim(
            concat(
                new String[] {"sweep", file.toString(), "--out", dir.toString(), "--collect"},
                params));

    assertThat(collected.code()).isEqualTo(4);
    assertThat(collected.err()).contains("is from another run");
  }

  @Test
  void onlyIndexRefusesAnIndexItCannotUseNamingTheNumberOfVariants() {
    assertThat(Sweep.index("2", 3, Map.of())).isEqualTo(2);
    assertThat(Sweep.index("env", 3, Map.of("JOB_COMPLETION_INDEX", "1"))).isEqualTo(1);
    assertThatThrownBy(() -> Sweep.index("env", 3, Map.of()))
        .hasMessage(
            "--only-index env reads JOB_COMPLETION_INDEX, which is not set (the sweep has 3"
                + " variants, indexes 0-2)");
    assertThatThrownBy(() -> Sweep.index("env", 3, Map.of("JOB_COMPLETION_INDEX", "one")))
        .hasMessage(
            "JOB_COMPLETION_INDEX (--only-index env) must be a whole number or 'env', was 'one'"
                + " (the sweep has 3 variants, indexes 0-2)");
    assertThatThrownBy(() -> Sweep.index("env", 3, Map.of("JOB_COMPLETION_INDEX", "3")))
        .hasMessage(
            "JOB_COMPLETION_INDEX (--only-index env) is 3, out of range: the sweep has 3 variants,"
                + " indexes 0-2");
    assertThatThrownBy(() -> Sweep.index("-1", 3, Map.of()))
        .hasMessageContaining("--only-index is -1, out of range");

    Cli cli =
        sim(
            "sweep",
            file.toString(),
            "--param",
            "battery_share=0,1",
            "--out",
            tmp.resolve("y").toString(),
            "--only-index",
            "5");
    assertThat(cli.code()).isEqualTo(2);
    assertThat(cli.err()).contains("--only-index is 5, out of range: the sweep has 2 variants");
    assertThat(tmp.resolve("y")).doesNotExist();
    assertThat(
            sim("sweep", file.toString(), "--param", "battery_share=0", "--list", "--collect")
                .err())
        .contains("exclude each other");
  }

  private static String[] concat(String[] a, String[] b) {
    String[] c = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}

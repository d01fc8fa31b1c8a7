package org.gridweave.simulations.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.simulations.engine.Results;
import org.gridweave.simulations.engine.Simulation;
import org.gridweave.simulations.engine.StepListener;
import org.gridweave.simulations.output.RunDirectory;
import org.gridweave.simulations.scenario.ScenarioFile;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PV and wind from the GEFCom series in ../shared/data, with a synthetic fallback. */
class GefcomProfilesTest {
  private static final String WEEK =
      """
      name: gefcom-week
      seed: 8
      clock: {start: 2026-06-01T00:00:00Z, end: 2026-06-08T00:00:00Z, step: 1h}
      location: {latitude: 51.5, longitude: -0.1, zone: UTC}
      topology:
        transformer_limit_kw: 200
        feeders: [{id: a, limit_kw: 100, prosumers: 6}]
      population:
        pv_share: 1
        pv_kwp: {min: 4, max: 4}
        wind_share: 1
        wind_kw: {min: 2, max: 2}
      market: {mechanism: none}
      profiles: {pv: gefcom2014, wind: gefcom2012}
      """;

  private static Path home() {
    return Path.of(System.getProperty("gridweave.home", ".."));
  }

  @Test
  void windIsTheFarmsRecordedOutputAndPvPeaksAtTheScenariosSolarNoon() throws Exception {
    Path csv =
        home().resolveSibling("shared/data/gefcom2012-wind/windpowermeasurements_training.csv");
    if (!Files.isRegularFile(csv) || GefcomSeries.solar(home()).isEmpty()) {
      System.err.println(
          "NOTICE: GefcomProfilesTest SKIPPED: ../shared/data GEFCom folders missing");
    }
    Assumptions.assumeTrue(Files.isRegularFile(csv) && GefcomSeries.solar(home()).isPresent());
    var s = ScenarioFile.parse("week.yaml", WEEK);
    double[] wind0 = new double[4];
    double[] pvByHour = new double[24];
    StepListener l =
        (Instant at, Simulation.StepState st) -> {
          long k = (at.getEpochSecond() - s.start().getEpochSecond()) / 3600;
          if (k < 4) {
            wind0[(int) k] = st.wind[0];
          }
          for (double kw : st.pv) {
            pvByHour[at.atZone(ZoneOffset.UTC).getHour()] += kw;
          }
        };

    Results r = new Simulation(s, Optional.empty()).run(List.of(l), null);

    @SuppressWarnings("unchecked")
    Map<String, Object> run = (Map<String, Object>) r.summary().get("run");
    assertThat(run)
        .containsEntry("pv_profile", "gefcom2014")
        .containsEntry("wind_profile", "gefcom2012");
    // the same calendar hour of 2010, farm wp1 (feeder 0), times the 2 kW rating
    List<String> rows = Files.readAllLines(csv);
    for (int k = 0; k < 4; k++) {
      String key = "201006010" + k;
      String row = rows.stream().filter(x -> x.startsWith(key)).findFirst().orElseThrow();
      assertThat(wind0[k])
          .isCloseTo(
              2 * Double.parseDouble(row.split(",")[1]), org.assertj.core.data.Offset.offset(1e-9));
    }
    int peak = 0;
    for (int hr = 0; hr < 24; hr++) {
      peak = pvByHour[hr] > pvByHour[peak] ? hr : peak;
    }
    assertThat(peak).isBetween(10, 13);
    assertThat(pvByHour[0] + pvByHour[1] + pvByHour[2] + pvByHour[23])
        .isLessThan(0.01 * pvByHour[peak]);
    assertThat(r.number("energy", "pv_available_kwh")).isPositive();
  }

  @Test
  void withoutTheDataTheRunSaysSoAndFallsBackToSynthetic(@TempDir Path tmp) throws Exception {
    String saved = System.getProperty("gridweave.home");
    Path project = tmp.resolve("gridweave");
    Files.createDirectories(project);
    System.setProperty("gridweave.home", project.toString());
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Results r;
    try {
      r =
          RunDirectory.run(
              ScenarioFile.parse("week.yaml", WEEK),
              tmp.resolve("out"),
              new RunDirectory.Options(false, false),
              Optional.empty(),
              new PrintStream(err, true, StandardCharsets.UTF_8));
    } finally {
      if (saved == null) {
        System.clearProperty("gridweave.home");
      } else {
        System.setProperty("gridweave.home", saved);
      }
    }

    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "NOTICE: the GEFCom2014 solar data (../shared/data/gefcom2014-solar) was not found")
        .contains(
            "NOTICE: the GEFCom2012 wind data (../shared/data/gefcom2012-wind) was not found");
    @SuppressWarnings("unchecked")
    Map<String, Object> run = (Map<String, Object>) r.summary().get("run");
    assertThat(run)
        .containsEntry("pv_profile", "synthetic (gefcom2014 data not found)")
        .containsEntry("wind_profile", "synthetic (gefcom2012 data not found)");
    assertThat(r.number("energy", "pv_available_kwh")).isPositive();
  }
}

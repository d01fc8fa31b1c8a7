package org.gridweave.simulations.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.simulations.scenario.ScenarioException;
import org.gridweave.simulations.scenario.ScenarioFile;
import org.junit.jupiter.api.Test;

/** Electric vehicles: charged within their windows, shifted by the dispatcher. */
class EvTest {
  /**
   * Four EVs, each plugged in 18:00–07:00 (UTC), needing 10 kWh a night from a 7 kW charger; night
   * power is cheap (0.10 from 00:00 to 06:00, 0.40 otherwise). Two days, hourly steps, no PV: a
   * window open at the start (00:00–07:00), one full night, one open at the end.
   */
  private static final String NIGHTS =
      """
      name: ev-nights
      seed: 4
      clock: {start: 2026-03-02T00:00:00Z, end: 2026-03-04T00:00:00Z, step: 1h}
      location: {zone: UTC}
      topology:
        transformer_limit_kw: 100
        feeders: [{id: a, limit_kw: 100, prosumers: 4}]
      population:
        ev_share: 1
        ev_charger_kw: {min: 7, max: 7}
        ev_energy_kwh: {min: 10, max: 10}
        ev_arrival: {from: "18:00", to: "18:00"}
        ev_departure: {from: "07:00", to: "07:00"}
      tariff:
        bands:
          - {from: "00:00", import_per_kwh: 0.10, export_per_kwh: 0.05}
          - {from: "06:00", import_per_kwh: 0.40, export_per_kwh: 0.05}
      market: {mechanism: none}
      dispatch: {strategy: STRATEGY, horizon_steps: 24}
      forecasting: {mode: perfect}
      """;

  /** EV kWh charged per hour of the day (UTC). */
  private static double[] run(String strategy, Map<String, Object>[] evSummary) {
    var s = ScenarioFile.parse("ev.yaml", NIGHTS.replace("STRATEGY", strategy));
    double[] byHour = new double[24];
    StepListener l =
        (Instant at, Simulation.StepState st) -> {
          int hour = at.atZone(ZoneOffset.UTC).getHour();
          for (double kw : st.ev) {
            byHour[hour] += kw;
          }
        };
    Results r = new Simulation(s, Optional.empty()).run(List.of(l), null);
    @SuppressWarnings("unchecked")
    Map<String, Object> ev = (Map<String, Object>) r.summary().get("ev");
    evSummary[0] = ev;
    assertThat(r.number("energy", "ev_charging_kwh")).isEqualTo((double) ev.get("energy_kwh"));
    return byHour;
  }

  @Test
  void withoutAControllerEachEvChargesAtFullPowerFromArrival() {
    @SuppressWarnings("unchecked")
    Map<String, Object>[] ev = new Map[1];

    double[] byHour = run("none", ev);

    assertThat(ev[0])
        .containsEntry("evs", 4)
        .containsEntry("windows_closed", 8L)
        .containsEntry("windows_unmet", 0L)
        .containsEntry("windows_open_at_end", 4L)
        .containsEntry("energy_needed_kwh", 80.0)
        .containsEntry("unmet_kwh", 0.0)
        .containsEntry("energy_kwh", 120.0) // the last night's 10 kWh each are in by 19:30
        .containsEntry("peak_kw", 28.0);
    // 7 + 3 kWh from 18:00 on both evenings, and the first morning's window from 00:00
    assertThat(byHour[18]).isEqualTo(56.0);
    assertThat(byHour[19]).isEqualTo(24.0);
    assertThat(byHour[0]).isEqualTo(28.0);
    assertThat(byHour[1]).isEqualTo(12.0);
    assertThat(byHour[2]).isZero();
    // the rule-based controller runs flexible loads at full power as their window opens too
    // (deferring only for a limit, and none binds here)
    assertThat(run("rules", ev)).containsExactly(byHour);
    assertThat(ev[0]).containsEntry("unmet_kwh", 0.0);
  }

  @Test
  void theOptimiserShiftsTheChargingIntoTheCheapNightHours() {
    @SuppressWarnings("unchecked")
    Map<String, Object>[] ev = new Map[1];

    double[] byHour = run("optimiser", ev);

    assertThat(ev[0]).containsEntry("windows_unmet", 0L).containsEntry("unmet_kwh", 0.0);
    double cheap = 0;
    for (int hour = 0; hour < 6; hour++) {
      cheap += byHour[hour];
    }
    // both closed nights' 40 kWh in 00:00–06:00; the window open at the end plans no charging
    // yet (its departure is beyond the horizon)
    assertThat(cheap).isCloseTo(80.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(byHour[18] + byHour[19] + byHour[20]).isZero();
  }

  @Test
  void intervalsCsvAndTheReportCarryTheEvCharging(
      @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) throws Exception {
    var s = ScenarioFile.parse("ev.yaml", NIGHTS.replace("STRATEGY", "none"));

    org.gridweave.simulations.output.RunDirectory.run(
        s,
        tmp,
        new org.gridweave.simulations.output.RunDirectory.Options(false, false),
        Optional.empty(),
        new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));

    List<String> rows = java.nio.file.Files.readAllLines(tmp.resolve("intervals.csv"));
    assertThat(rows.getFirst()).endsWith(",ev_kw");
    double kwh = 0;
    for (String row : rows.subList(1, rows.size())) {
      kwh += Double.parseDouble(row.substring(row.lastIndexOf(',') + 1)); // 1 h steps
    }
    assertThat(kwh).isCloseTo(120.0, org.assertj.core.data.Offset.offset(1e-6));
    assertThat(java.nio.file.Files.readString(tmp.resolve("report.html")))
        .contains("\"evs\":true")
        .contains("line('EV charging', D.ev)");
  }

  @Test
  void evSettingsAreCheckedWithTheirLines() {
    String base =
        """
        name: t
        seed: 1
        clock: {start: 2026-03-02T00:00:00Z, end: 2026-03-03T00:00:00Z, step: 15m}
        topology:
          transformer_limit_kw: 20
          feeders: [{id: a, limit_kw: 10, prosumers: 2}]
        population:
        """;
    assertThatThrownBy(() -> ScenarioFile.parse("t.yaml", base + "  ev_share: 1.5\n"))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("t.yaml:8: ev_share must be <= 1, was 1.5");
    assertThatThrownBy(() ->
            ScenarioFile.parse(
                "t.yaml",
                base + "  ev_share: 0.5\n  ev_arrival: {from: \"25:00\", to: \"20:00\"}\n"))
        .hasMessageStartingWith("t.yaml:9: from must match");
    assertThatThrownBy(() ->
            ScenarioFile.parse(
                "t.yaml", base + "  ev_share: 0.5\n  ev_charger_kw: {min: 0, max: 7}\n"))
        .hasMessage("t.yaml:9: ev_charger_kw.min must be > 0 when ev_share > 0, was 0.0");
    assertThatThrownBy(() ->
            ScenarioFile.parse(
                "t.yaml", base + "  ev_share: 0.5\n  ev_energy_kwh: {min: 20, max: 10}\n"))
        .hasMessage("t.yaml:9: ev_energy_kwh.min must be <= max (10.0), was 20.0");
  }
}

package org.gridweave.simulations.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ScenarioFileTest {

  /** Line numbers below count from this text's first line ("name: tiny" is line 1). */
  static final String VALID =
      """
      name: tiny
      seed: 1
      clock:
        start: 2026-06-01T00:00:00Z
        end: 2026-06-02T00:00:00Z
        step: 15m
      topology:
        transformer_limit_kw: 50
        feeders:
          - id: f1
            limit_kw: 40
            prosumers: 3
      population:
        pv_share: 0.5
        battery_share: 0.5
        battery_kwh: {min: 5, max: 10}
      market:
        mechanism: pay_as_clear
      """;

  private static Scenario parse(String yaml) {
    return ScenarioFile.parse("scenario.yaml", yaml);
  }

  @Test
  void readsAValidScenarioWithDefaults() {
    Scenario s = parse(VALID);

    assertThat(s.name()).isEqualTo("tiny");
    assertThat(s.prosumers()).isEqualTo(3);
    assertThat(s.steps()).isEqualTo(96);
    assertThat(s.population().batteryShare()).isEqualTo(0.5);
    assertThat(s.dispatch()).isEqualTo(Scenario.Strategy.RULES);
    assertThat(s.forecasting()).isEqualTo(Scenario.ForecastMode.PERFECT);
    assertThat(s.market()).isEqualTo(Scenario.Mechanism.PAY_AS_CLEAR);
  }

  @Test
  void refusesAnImpossibleShareNamingLineAndField() {
    String yaml = VALID.replace("battery_share: 0.5", "battery_share: 1.5");

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("scenario.yaml:15: battery_share must be <= 1, was 1.5");
  }

  @Test
  void refusesAnUnknownKeyAtItsLine() {
    String yaml = VALID.replace("  pv_share: 0.5\n", "  pv_share: 0.5\n  heat_pump_share: 0.2\n");

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("scenario.yaml:15: unknown key 'heat_pump_share' in population");
  }

  @Test
  void refusesAValueOfTheWrongType() {
    String yaml = VALID.replace("prosumers: 3", "prosumers: three");

    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ScenarioException.class)
        .hasMessage("scenario.yaml:12: feeders[0].prosumers must be of type integer, was 'three'");
  }

  @Test
  void refusesAnUnknownMechanism() {
    String yaml = VALID.replace("mechanism: pay_as_clear", "mechanism: auction");

    assertThatThrownBy(() -> parse(yaml))
        .hasMessageStartingWith("scenario.yaml:18: mechanism must be one of")
        .hasMessageEndingWith("was 'auction'");
  }

  @Test
  void reportsEveryProblemInFileOrder() {
    String yaml = VALID.replace("seed: 1", "seed: -4").replace("limit_kw: 40", "limit_kw: 0");

    assertThatThrownBy(() -> parse(yaml))
        .hasMessage(
            "scenario.yaml:2: seed must be >= 0, was -4\n"
                + "scenario.yaml:11: feeders[0].limit_kw must be > 0, was 0");
  }

  @Test
  void refusesAClockThatEndsBeforeItStarts() {
    String yaml = VALID.replace("end: 2026-06-02T00:00:00Z", "end: 2026-05-02T00:00:00Z");

    assertThatThrownBy(() -> parse(yaml))
        .hasMessageStartingWith("scenario.yaml:5: end must be after start");
  }

  @Test
  void refusesAStepThatDoesNotDivideADay() {
    String yaml = VALID.replace("step: 15m", "step: 7m");

    assertThatThrownBy(() -> parse(yaml))
        .hasMessage(
            "scenario.yaml:6: step must be whole minutes, at most 60, dividing a day exactly,"
                + " was '7m'");
  }

  @Test
  void refusesARangeWhoseMinimumIsAboveItsMaximum() {
    String yaml = VALID.replace("{min: 5, max: 10}", "{min: 12, max: 10}");

    assertThatThrownBy(() -> parse(yaml))
        .hasMessage("scenario.yaml:16: battery_kwh.min must be <= max (10.0), was 12.0");
  }

  @Test
  void refusesAnExportPriceAboveTheImportPrice() {
    String yaml = VALID + "tariff:\n  import_per_kwh: 0.1\n  export_per_kwh: 0.2\n";

    assertThatThrownBy(() -> parse(yaml))
        .hasMessage(
            "scenario.yaml:21: tariff: export_per_kwh: export price 0.2 is above the import price"
                + " 0.1: a site could import and export at once for profit");
  }

  @Test
  void refusesADuplicateKey() {
    String yaml = VALID.replace("seed: 1\n", "seed: 1\nseed: 2\n");

    assertThatThrownBy(() -> parse(yaml)).hasMessage("scenario.yaml:3: key 'seed' appears twice");
  }

  @Test
  void theShippedScenariosAreValid() throws Exception {
    Path dir = Path.of(System.getProperty("gridweave.home", "..")).resolve("simulations/scenarios");
    try (Stream<Path> files = Files.list(dir)) {
      var names = files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList();
      assertThat(names).hasSizeGreaterThanOrEqualTo(3);
      for (Path p : names) {
        assertThat(ScenarioFile.load(p).name())
            .isEqualTo(p.getFileName().toString().replace(".yaml", ""));
      }
    }
  }
}

package org.gridweave.controller.grid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GridJsonTest {
  static final String GOOD =
      """
      {"zone": "Europe/Berlin", "transformer_limit_kw": 400,
       "feeders": [{"id": "f-1", "limit_kw": 150}, {"id": "f-2", "limit_kw": 120}],
       "sites": [
         {"id": "s-1", "feeder": "f-1", "meter": "m-0001", "import_limit_kw": 15, "export_limit_kw": 5,
          "pv_kwp": 6.5,
          "battery": {"capacity_kwh": 10, "max_charge_kw": 5, "max_discharge_kw": 5,
                      "round_trip_efficiency": 0.9, "soc_min_pct": 10, "soc_max_pct": 95},
          "flexible_load": {"max_kw": 7.4, "energy_kwh": 12, "window_start": "18:00", "window_end": "07:00"},
          "curtailment_cost_per_kwh": 0.03},
         {"id": "s-2", "feeder": "f-2", "meter": "m-0002", "import_limit_kw": 15, "export_limit_kw": 0}
       ]}
      """;

  @Test
  void readsAndWritesTheSameGrid() {
    GridModel g = GridJson.read(GOOD);

    assertThat(g.sites()).hasSize(2);
    assertThat(g.sites().get(0).battery().orElseThrow().capacity().kilowattHours()).isEqualTo(10);
    assertThat(g.sites().get(0).flexibleLoad().orElseThrow().windowEnd()).hasToString("07:00");
    assertThat(GridJson.read(GridJson.write(g))).isEqualTo(g);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "site on an unknown feeder | \"feeder\": \"f-2\" | \"feeder\": \"f-9\" | sites[1].feeder | unknown feeder f-9 (site s-2)",
        "negative battery capacity | \"capacity_kwh\": 10 | \"capacity_kwh\": -10 | sites[0].battery.capacity_kwh | must be above 0, was -10.0",
        "SoC bounds reversed | \"soc_min_pct\": 10 | \"soc_min_pct\": 97 | sites[0].battery.soc_min_pct | the lower SoC bound 97 % is above the upper bound 95 %",
        "efficiency above one | \"round_trip_efficiency\": 0.9 | \"round_trip_efficiency\": 1.2 | sites[0].battery.round_trip_efficiency | must be in (0, 1], was 1.2",
        "two sites with one id | \"id\": \"s-2\" | \"id\": \"s-1\" | sites[1].id | site s-1 appears twice",
        "one meter on two sites | \"meter\": \"m-0002\" | \"meter\": \"m-0001\" | sites[1].meter | meter m-0001 already measures site s-1; one meter per site",
        "two feeders with one id | \"id\": \"f-2\", \"limit_kw\": 120 | \"id\": \"f-1\", \"limit_kw\": 120 | feeders[1].id | feeder f-1 appears twice",
        "zero feeder limit | \"limit_kw\": 150 | \"limit_kw\": 0 | feeders[0].limit_kw | must be above 0, was 0.0",
        "a number as text | \"pv_kwp\": 6.5 | \"pv_kwp\": \"6.5\" | sites[0].pv_kwp | must be a number, was \"6.5\"",
        "an unknown field | \"pv_kwp\": 6.5 | \"pv_kwp\": 6.5, \"colour\": \"red\" | sites[0].colour | unknown field (allowed: battery, curtailment_cost_per_kwh, export_limit_kw, feeder, flexible_load, id, import_limit_kw, meter, pv_kwp, wind_kw)",
        "a window that cannot hold its energy | \"energy_kwh\": 12 | \"energy_kwh\": 120 | sites[0].flexible_load.energy_kwh | 120000 Wh cannot be served in a 13.0 h window at 7400 W at most",
        "a bad time | \"window_start\": \"18:00\" | \"window_start\": \"6pm\" | sites[0].flexible_load.window_start | '6pm' is not a local time like 18:00",
        "an unknown zone | \"Europe/Berlin\" | \"Mars/Olympus\" | zone | 'Mars/Olympus' is not a time-zone id (e.g. Europe/Berlin)",
        "an id with a slash | \"id\": \"s-1\" | \"id\": \"s/1\" | sites[0].id | 's/1' is not a valid id",
      })
  void refusesABadGridNamingTheField(
      String why, String good, String bad, String field, String reason) {
    assertThat(GOOD).contains(good);
    String json =
        GOOD.replaceFirst(
            java.util.regex.Pattern.quote(good), java.util.regex.Matcher.quoteReplacement(bad));

    assertThatThrownBy(() -> GridJson.read(json))
        .isInstanceOfSatisfying(
            GridModelException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.reason()).isEqualTo(reason);
            });
  }

  @Test
  void refusesSomethingThatIsNotJson() {
    assertThatThrownBy(() -> GridJson.read("{\"zone\": "))
        .isInstanceOfSatisfying(
            GridModelException.class, e -> assertThat(e.field()).isEqualTo("$"));
  }
}

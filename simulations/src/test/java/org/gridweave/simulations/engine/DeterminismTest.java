package org.gridweave.simulations.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.gridweave.simulations.output.IntervalCsv;
import org.gridweave.simulations.output.RunDirectory;
import org.gridweave.simulations.scenario.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeterminismTest {
  private final PrintStream quiet = new PrintStream(new ByteArrayOutputStream());

  private byte[] summary(Scenario s, Path dir) throws Exception {
    RunDirectory.run(s, dir, new RunDirectory.Options(true, false), Optional.empty(), quiet);
    return Files.readAllBytes(dir.resolve("summary.json"));
  }

  @Test
  void theSameSeedGivesTheSameBytesAndAnotherSeedDoesNot(@TempDir Path tmp) throws Exception {
    Scenario s = ConservationTest.tiny("rules", "pay_as_clear", "naive", 10);

    byte[] first = summary(s, tmp.resolve("a"));
    byte[] second = summary(s, tmp.resolve("b"));
    byte[] other = summary(s.withSeed(12), tmp.resolve("c"));

    assertThat(second).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(Files.readAllBytes(tmp.resolve("b/intervals.csv")))
        .isEqualTo(Files.readAllBytes(tmp.resolve("a/intervals.csv")));
    assertThat(new String(first, java.nio.charset.StandardCharsets.UTF_8))
        .contains("\"seed\": 11")
        .contains("\"totals\": \"off\"");
  }

  @Test
  void writesOneIntervalRowPerStepAndOneNodeRowPerProsumerAndStep(@TempDir Path tmp)
      throws Exception {
    Scenario s = ConservationTest.tiny("rules", "pay_as_bid", "perfect", 3);

    summary(s, tmp);

    var intervals = Files.readAllLines(tmp.resolve("intervals.csv"));
    assertThat(intervals.get(0)).isEqualTo(IntervalCsv.HEADER);
    assertThat(intervals).hasSize(1 + 192);
    assertThat(intervals.get(1)).startsWith("2026-06-01T00:00:00Z,");
    assertThat(Files.readAllLines(tmp.resolve("nodes.csv"))).hasSize(1 + 192 * 6);
    assertThat(Files.readString(tmp.resolve("perf.json")))
        .contains("\"prosumer_intervals\": 1152")
        .contains("\"prosumer_intervals_per_s\"")
        .contains("\"cores\"");
  }
}

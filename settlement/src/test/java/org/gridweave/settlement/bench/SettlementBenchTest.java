package org.gridweave.settlement.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import org.gridweave.localinfra.chain.Anvil;
import org.gridweave.settlement.Delta;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SettlementBenchTest {

  @TempDir Path dir;

  @Test
  void theSameSeedGivesTheSameTradesAndDeltasSumToZero() {
    BenchInterval first = BenchInterval.generate(900, 5, 50, 7);
    BenchInterval again = BenchInterval.generate(900, 5, 50, 7);

    assertThat(again).isEqualTo(first);
    assertThat(BenchInterval.generate(900, 5, 50, 8).trades()).isNotEqualTo(first.trades());
    assertThat(first.trades()).allSatisfy(t -> assertThat(t.seller()).isNotEqualTo(t.buyer()));
    assertThat(first.trades())
        .allSatisfy(t -> assertThat(t.seller()).isBetween(1, 5))
        .allSatisfy(t -> assertThat(t.buyer()).isBetween(1, 5));
    assertThat(first.deltas().stream().mapToLong(Delta::micros).sum()).isZero();
  }

  @Test
  void printsOneJsonLineLastWithBothDesignsCheckedOnChain() {
    assumeTrue(Anvil.binary().isPresent(), "SKIPPED: NOTICE: " + Anvil.NOT_INSTALLED);
    ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    PrintStream original = System.out;
    int exit;
    try {
      System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
      exit =
          new CommandLine(new SettlementBench(Clock.systemUTC()))
              .execute(
                  "--trades",
                  "60",
                  "--participants",
                  "12",
                  "--max-deltas-per-part",
                  "5",
                  "--naive-trades",
                  "40",
                  "--work-dir",
                  dir.toString());
    } finally {
      System.setOut(original);
    }

    String[] lines = stdout.toString(StandardCharsets.UTF_8).strip().split("\n");
    String json = lines[lines.length - 1];
    assertThat(exit).isZero();
    assertThat(json)
        .startsWith("{\"bench\":\"settlement\",\"trades\":60,\"participants\":12,\"txs\":3,")
        .contains("\"parts\":3", "\"naive_trades_measured\":40", "\"checked\":true")
        .containsPattern("\"gas_per_trade\":\\d+")
        .containsPattern("\"naive_gas_per_trade\":\\d+")
        .containsPattern("\"cores\":\\d+");
  }
}

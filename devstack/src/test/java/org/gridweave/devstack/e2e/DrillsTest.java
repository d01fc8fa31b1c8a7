package org.gridweave.devstack.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.gridweave.devstack.Stack;
import org.gridweave.devstack.drill.DrillResult;
import org.gridweave.devstack.drill.DrillRunner;
import org.gridweave.devstack.drill.DrillStack;
import org.gridweave.devstack.drill.DrillsBench;
import org.gridweave.localinfra.broker.Mosquitto;
import org.junit.jupiter.api.Test;

/**
 * A quick subset of {@code ./gridweave bench drills} on the real stack (Mosquitto, PostgreSQL, the
 * packaged gateway, a small firmware fleet): a gateway kill -9 and a broker restart lose and
 * duplicate nothing, and the pipeline stores fresh readings again afterwards.
 */
class DrillsTest {

  @Test
  void aGatewayKillAndABrokerRestartLoseAndDuplicateNoReading() throws Exception {
    assumeTrue(
        Mosquitto.binary().isPresent(), "NOTICE: mosquitto is not installed: drills test SKIPPED");
    assumeTrue(
        Files.exists(Stack.home().resolve("meter-gateway/target/quarkus-app/quarkus-run.jar")),
        "NOTICE: meter-gateway is not packaged: drills test SKIPPED");
    Path dir = Files.createTempDirectory(Path.of("target"), "drills");
    try (DrillStack stack =
        DrillStack.start(
            new DrillStack.Options(6, Duration.ofMillis(250), Duration.ofSeconds(1), false, dir),
            System.out)) {
      Thread.sleep(3000); // the fleet's first messages, before the first fault
      DrillRunner runner =
          new DrillRunner(
              stack.pipeline(),
              Clock.systemUTC(),
              DrillRunner.Pause.REAL,
              DrillRunner.Settings.defaults());

      List<DrillResult> results =
          runner.runAll(
              DrillsBench.drills(
                  stack,
                  Set.of("gateway_kill", "broker_restart"),
                  new DrillsBench.Plan(Duration.ofSeconds(2), 240, 1)),
              r -> System.out.println("drills: " + r.json()));

      assertThat(results)
          .extracting(DrillResult::drill)
          .containsExactly("broker_restart", "gateway_kill");
      for (DrillResult r : results) {
        assertThat(r.lost()).as(r.drill() + ": readings lost").isZero();
        assertThat(r.duplicated()).as(r.drill() + ": readings duplicated").isZero();
        assertThat(r.recoveredSeconds())
            .as(r.drill() + ": fresh readings stored again")
            .isPresent();
        assertThat((long) r.details().get("readings_produced"))
            .as(r.drill() + ": load")
            .isPositive();
      }
    }
  }
}

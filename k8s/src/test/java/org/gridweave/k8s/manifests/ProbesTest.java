package org.gridweave.k8s.manifests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.broker.Mosquitto;
import org.gridweave.localinfra.database.EmbeddedPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exec probes and the broker's configuration, run against a real Mosquitto and a real
 * PostgreSQL (local-infra): a probe that passes on a healthy server and fails on a stopped one, and
 * a mosquitto.conf that Mosquitto accepts.
 */
class ProbesTest {
  static final Manifests FILES = Rendered.files("base", "database/statefulset");

  @Test
  void theBrokersConfigurationStartsARealMosquittoWhoseReadinessProbePasses(@TempDir Path tmp)
      throws Exception {
    assumeTrue(available(Mosquitto.binary().isPresent(), Mosquitto.NOT_INSTALLED));
    assumeTrue(
        available(
            onPath("mosquitto_sub"), "mosquitto_sub missing (apt-get install mosquitto-clients)"));
    // Our options, less the ones local-infra sets for a loopback test broker (listener, files).
    List<String> ours = new ArrayList<>();
    for (String line :
        Files.readAllLines(Rendered.k8s().resolve("base/mosquitto/mosquitto.conf"))) {
      if (!line.isBlank()
          && !line.startsWith("#")
          && !line.startsWith("listener")
          && !line.startsWith("persistence_location")
          && !line.startsWith("log_dest")) {
        ours.add(line);
      }
    }
    assertThat(ours).contains("persistent_client_expiration 7d", "allow_anonymous true");
    int port = Ports.free();
    List<String> probe =
        withPort(
            command(FILES.get("StatefulSet", "mosquitto"), "mosquitto", "readinessProbe"),
            "1883",
            port);

    try (Mosquitto broker = Mosquitto.start(tmp.resolve("broker"), port, ours)) {
      assertThat(run(probe, Map.of())).as("probe against a running broker").isZero();
      broker.stop();
      assertThat(run(probe, Map.of())).as("probe against a stopped broker").isNotZero();
    }
  }

  @Test
  void thePostgreSqlReadinessProbeAsksARealServer(@TempDir Path tmp) throws Exception {
    assumeTrue(
        available(onPath("pg_isready"), "pg_isready missing (apt-get install postgresql-client)"));
    int port = Ports.free();
    List<String> probe =
        command(FILES.get("StatefulSet", "postgres"), "postgres", "readinessProbe").stream()
            .map(part -> part.replace("-p 5432", "-p " + port))
            .toList();
    assertThat(String.join(" ", probe)).contains("-p " + port);
    Map<String, String> env = Map.of("POSTGRES_USER", EmbeddedPostgres.USER);

    try (EmbeddedPostgres postgres = EmbeddedPostgres.start(tmp.resolve("pg"), port)) {
      assertThat(run(probe, env)).as("probe against a running server").isZero();
      postgres.stop();
      assertThat(run(probe, env)).as("probe against a stopped server").isNotZero();
    }
  }

  static List<String> command(JsonNode workload, String container, String probe) {
    return OverlaysTest.texts(
        OverlaysTest.container(workload, container).path(probe).path("exec").path("command"));
  }

  static List<String> withPort(List<String> command, String from, int to) {
    List<String> replaced = new ArrayList<>(command);
    int flag = replaced.indexOf("-p");
    assertThat(replaced.get(flag + 1)).isEqualTo(from);
    replaced.set(flag + 1, Integer.toString(to));
    return replaced;
  }

  static int run(List<String> command, Map<String, String> env) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process process = builder.start();
    process.getInputStream().readAllBytes();
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("probe finished").isTrue();
    return process.exitValue();
  }

  static boolean onPath(String program) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!dir.isBlank() && Files.isExecutable(Path.of(dir, program))) {
        return true;
      }
    }
    return false;
  }

  static boolean available(boolean present, String why) {
    if (!present) {
      System.err.println("NOTICE: " + why + ": probe test SKIPPED");
    }
    return present;
  }
}

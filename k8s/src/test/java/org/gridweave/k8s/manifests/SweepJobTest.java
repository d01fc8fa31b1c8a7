package org.gridweave.k8s.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SweepJobTest {
  @Test
  void theSweepIsAnIndexedJobWithOnePodPerVariant() {
    Manifests sweep = Rendered.of("sweep/run");
    JsonNode job = sweep.get("Job", "sim-sweep");
    List<String> args = args(job);

    assertThat(job.path("spec").path("completionMode").asText()).isEqualTo("Indexed");
    assertThat(String.join(" ", args)).contains("--only-index env").contains("--out /results");
    assertThat(args.get(0)).isEqualTo("sweep");
    // battery_share=0,0.25,0.5 x market=... : completions = the product of the value counts
    int variants = 1;
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).equals("--param")) {
        variants *= args.get(i + 1).substring(args.get(i + 1).indexOf('=') + 1).split(",").length;
      }
    }
    assertThat(job.path("spec").path("completions").asInt()).isEqualTo(variants).isEqualTo(6);
  }

  @Test
  void theCollectorRunsTheSameSweepWithCollectInsteadOfOneIndex() {
    List<String> sweep = args(Rendered.of("sweep/run").get("Job", "sim-sweep"));
    List<String> collect = args(Rendered.of("sweep/collect").get("Job", "sim-sweep-collect"));

    List<String> expected = new ArrayList<>(sweep);
    int only = expected.indexOf("--only-index");
    expected.remove(only + 1);
    expected.set(only, "--collect");
    assertThat(collect).isEqualTo(expected);
  }

  @Test
  void bothJobsShareOneReadWriteManyVolumeAndTheScenarioConfigMap() {
    Manifests sweep = Rendered.of("sweep/run");
    JsonNode claim = sweep.get("PersistentVolumeClaim", "sim-sweep-results");
    assertThat(claim.path("spec").path("accessModes").get(0).asText()).isEqualTo("ReadWriteMany");

    for (JsonNode job :
        List.of(
            sweep.get("Job", "sim-sweep"),
            Rendered.of("sweep/collect").get("Job", "sim-sweep-collect"))) {
      JsonNode pod = job.path("spec").path("template").path("spec");
      assertThat(
              OverlaysTest.volume(pod, "results")
                  .path("persistentVolumeClaim")
                  .path("claimName")
                  .asText())
          .isEqualTo("sim-sweep-results");
      assertThat(OverlaysTest.volume(pod, "scenario").path("configMap").path("name").asText())
          .isEqualTo("sim-sweep-scenario");
      JsonNode container = pod.path("containers").get(0);
      assertThat(OverlaysTest.mountPath(container, "results")).isEqualTo("/results");
      assertThat(container.path("image").asText()).isEqualTo("ghcr.io/gridweave/simulations:0.1.0");
    }
  }

  @Test
  void theScenarioInTheConfigMapIsTheOneTheSimulationsModuleShips() throws IOException {
    JsonNode scenario = Rendered.of("sweep/run").get("ConfigMap", "sim-sweep-scenario");

    assertThat(scenario.path("data").path("community-50.yaml").asText())
        .isEqualTo(
            Files.readString(
                Rendered.repository().resolve("simulations/scenarios/community-50.yaml")));
  }

  static List<String> args(JsonNode job) {
    return OverlaysTest.texts(
        job.path("spec").path("template").path("spec").path("containers").get(0).path("args"));
  }
}

package org.gridweave.k8s.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.gridweave.k8s.manifests.Rendered;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class K8sCliTest {
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();
  final String home = System.getProperty("gridweave.home");

  @AfterEach
  void restoreHome() {
    if (home == null) {
      System.clearProperty("gridweave.home");
    } else {
      System.setProperty("gridweave.home", home);
    }
  }

  int run(String... args) {
    CommandLine commandLine = K8sCli.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  @Test
  void secretsAreWrittenOutsideTheRepositoryWithTheNextSteps(@TempDir Path tmp) throws Exception {
    System.setProperty("gridweave.home", tmp.resolve("repository").toString());
    Path out = tmp.resolve("secrets");

    int exit = run("secrets", "--out", out.toString(), "--namespace", "gridweave");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.resolve("secrets.yaml")).exists();
    assertThat(out.resolve("besu-network.yaml")).exists();
    assertThat(this.out.toString())
        .contains("extraData:  0xf87aa0")
        .contains("kubectl apply -f " + out);
  }

  @Test
  void refusesToWriteKeysIntoTheRepository() {
    System.setProperty("gridweave.home", Rendered.repository().toString());
    Path inside = Rendered.k8s().resolve("target/should-not-exist");

    int exit = run("secrets", "--out", inside.toString());

    assertThat(exit).isEqualTo(2);
    assertThat(err.toString()).contains("inside the repository");
    assertThat(Files.exists(inside)).isFalse();
  }

  @Test
  void checkRendersTheOverlaysAndFindsNothingBroken() {
    Rendered.of("overlays/dev"); // skips with a NOTICE without kubectl

    int exit =
        run(
            "check",
            Rendered.k8s().resolve("overlays/dev").toString(),
            Rendered.k8s().resolve("overlays/prod").toString());

    assertThat(exit).as(out.toString()).isZero();
    assertThat(out.toString()).contains("overlays/dev: ").contains(" 0 violations");
  }

  @Test
  void imagesPrintsTheMavenBuildWithTheLocalBasesAndPlainHttp() {
    int exit = run("images", "--local", "--dry-run", "--work", "/w");

    assertThat(exit).as(err.toString()).isZero();
    assertThat(out.toString())
        .contains("-Pimages,besu-api-subset")
        .contains("-Dgridweave.image.jvm-base=tar:///w/base-images/jvm-base.tar")
        .contains("-Dgridweave.image.shell-base=tar:///w/base-images/shell-base.tar")
        .contains("-Dquarkus.container-image.insecure=true");
  }

  @Test
  void imagesRefusesARegistryBesideLocalAndAnUnknownImage() {
    assertThat(run("images", "--local", "--registry", "ghcr.io", "--dry-run")).isEqualTo(2);
    assertThat(err.toString()).contains("--local starts its own registry");

    assertThat(run("images", "--only", "gateway", "--dry-run")).isEqualTo(2);
    assertThat(err.toString()).contains("no image 'gateway'");
  }
}

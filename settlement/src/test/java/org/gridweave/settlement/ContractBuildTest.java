package org.gridweave.settlement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed ABI and bytecode are what the committed Solidity sources compile to. */
class ContractBuildTest {

  private static final Path CONTRACTS = Path.of("contracts").toAbsolutePath();
  private static final Path COMMITTED = Path.of("src/main/resources/org/gridweave/settlement");

  @Test
  void committedAbiAndBytecodeMatchAFreshBuild() throws IOException, InterruptedException {
    Optional<Path> node = onPath("node");
    assumeTrue(node.isPresent(), "SKIPPED: NOTICE: node is not installed (install Node.js 20+)");
    assumeTrue(
        Files.isDirectory(CONTRACTS.resolve("node_modules/solc")),
        "SKIPPED: NOTICE: solc-js is not installed: run npm ci in settlement/contracts"
            + " (./gridweave test does)");
    Path output = Path.of("target/contract-build").toAbsolutePath();
    Files.createDirectories(output);

    Process build =
        new ProcessBuilder(node.get().toString(), "build.mjs", output.toString())
            .directory(CONTRACTS.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.resolve("build.log").toFile())
            .start();
    assertThat(build.waitFor(120, TimeUnit.SECONDS)).as("build.mjs finished").isTrue();
    assertThat(build.exitValue())
        .as("build.mjs exit code; see %s", output.resolve("build.log"))
        .isZero();

    for (String file :
        List.of(
            "EnergySettlement.abi.json",
            "EnergySettlement.bin",
            "NaiveSettlement.abi.json",
            "NaiveSettlement.bin")) {
      assertThat(Files.readString(output.resolve(file)))
          .as("%s: rebuild with `node build.mjs` in settlement/contracts and commit it", file)
          .isEqualTo(Files.readString(COMMITTED.resolve(file)));
    }
  }

  private static Optional<Path> onPath(String command) {
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(entry -> !entry.isBlank())
        .map(entry -> Path.of(entry, command))
        .filter(Files::isExecutable)
        .findFirst();
  }
}

package org.gridweave.besuplugin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks the packaged plugin as Besu will load it (runs after {@code package}, in Maven's
 * integration-test phase): the thin jar with its ServiceLoader entry and no Besu class, and the zip
 * with exactly the jars Besu lacks.
 */
class PluginPackagingTest {

  private static Path jar;
  private static Path zip;

  @BeforeAll
  static void packaged() {
    assumeTrue(
        System.getProperty("plugin.jar") != null,
        "NOTICE: the packaging test runs in Maven's integration-test phase (mvn verify)");
    jar = Path.of(System.getProperty("plugin.jar"));
    zip = Path.of(System.getProperty("plugin.zip"));
    assertThat(jar).exists();
    assertThat(zip).exists();
  }

  @Test
  void theJarNamesThePluginForBesusServiceLoader() throws IOException {
    try (ZipFile file = new ZipFile(jar.toFile())) {
      ZipEntry services = file.getEntry("META-INF/services/org.hyperledger.besu.plugin.BesuPlugin");
      assertThat(services).isNotNull();
      String providers =
          new String(file.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
      assertThat(providers.strip()).isEqualTo(EnergyPlugin.class.getName());
      assertThat(file.getEntry(EnergyPlugin.class.getName().replace('.', '/') + ".class"))
          .isNotNull();
    }
  }

  @Test
  void theJarCarriesNoBesuApiClass() throws IOException {
    assertThat(entries(jar)).noneMatch(name -> name.startsWith("org/hyperledger/besu"));
    assertThat(entries(jar)).noneMatch(name -> name.startsWith("org/apache/tuweni"));
  }

  @Test
  void theZipHoldsThePluginAndOnlyTheThirdPartyJarsBesuLacks() throws IOException {
    List<String> jars =
        entries(zip).stream()
            .filter(name -> name.endsWith(".jar"))
            .map(name -> name.replaceAll("-[0-9][^/]*\\.jar$", ""))
            .sorted()
            .toList();

    assertThat(jars)
        .containsExactly(
            "plugins/abi",
            "plugins/besu-plugin",
            "plugins/org.eclipse.paho.client.mqttv3",
            "plugins/settlement",
            "plugins/utils");
    Pattern besuShips = Pattern.compile(".*(tuweni|bcprov|picocli|jackson|slf4j|okhttp|core-).*");
    assertThat(entries(zip)).noneMatch(name -> besuShips.matcher(name).matches());
  }

  /**
   * Every jar in the zip is a library: none names a Main-Class or a Class-Path (settlement's
   * runnable benchmark is its separate {@code -bench} jar, which the zip does not carry).
   */
  @Test
  void theZipsJarsAreLibrariesWithoutMainClassOrClassPath() throws IOException {
    Map<String, Attributes> manifests = new TreeMap<>();
    try (ZipFile file = new ZipFile(zip.toFile())) {
      for (ZipEntry entry : Collections.list(file.entries())) {
        if (entry.getName().endsWith(".jar")) {
          try (JarInputStream jar = new JarInputStream(file.getInputStream(entry))) {
            Manifest manifest = jar.getManifest();
            manifests.put(
                entry.getName(),
                manifest == null ? new Attributes() : manifest.getMainAttributes());
          }
        }
      }
    }

    assertThat(manifests).hasSize(5);
    assertThat(manifests.keySet()).noneMatch(name -> name.endsWith("-bench.jar"));
    manifests.forEach((name, attributes) -> {
      assertThat(attributes.getValue(Attributes.Name.MAIN_CLASS)).as(name + " Main-Class").isNull();
      assertThat(attributes.getValue(Attributes.Name.CLASS_PATH)).as(name + " Class-Path").isNull();
    });
  }

  private static List<String> entries(Path archive) throws IOException {
    assertThat(Files.size(archive)).isPositive();
    try (ZipFile file = new ZipFile(archive.toFile())) {
      return Collections.list(file.entries()).stream().map(ZipEntry::getName).toList();
    }
  }
}

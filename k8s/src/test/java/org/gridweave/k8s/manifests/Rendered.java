package org.gridweave.k8s.manifests;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The repository's kustomizations, rendered once per test JVM by the real kubectl kustomize. */
public final class Rendered {
  public static final List<String> KUSTOMIZATIONS =
      List.of("overlays/dev", "overlays/prod", "sweep/run", "sweep/collect");

  private static final Map<String, Manifests> CACHE = new ConcurrentHashMap<>();

  private Rendered() {}

  public static Path repository() {
    Path home = Path.of(System.getProperty("gridweave.home", "..")).toAbsolutePath().normalize();
    if (!Files.isDirectory(home.resolve("k8s"))) {
      home = Path.of("..").toAbsolutePath().normalize();
    }
    return home;
  }

  public static Path k8s() {
    return repository().resolve("k8s");
  }

  /** Skips the calling test with a NOTICE when kubectl is missing. */
  public static Manifests of(String kustomization) {
    boolean present = Manifests.kubectl().isPresent();
    if (!present) {
      System.err.println(
          "NOTICE: kubectl (with kustomize) not found on the PATH or in $KUBECTL: rendering test of k8s/"
              + kustomization
              + " SKIPPED");
    }
    assumeTrue(present, "NOTICE: kubectl missing, k8s/" + kustomization + " not rendered");
    return CACHE.computeIfAbsent(
        kustomization,
        k -> {
          try {
            return Manifests.renderAndParse(k8s().resolve(k));
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (Manifests.KubectlMissingException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  /** The YAML files of a folder parsed as they are (no kustomize), for tests without kubectl. */
  public static Manifests files(String... folders) {
    StringBuilder yaml = new StringBuilder();
    for (String folder : folders) {
      try (var files = Files.walk(k8s().resolve(folder))) {
        for (Path file :
            files
                .filter(f -> f.toString().endsWith(".yaml"))
                .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                .sorted()
                .toList()) {
          String text = Files.readString(file);
          if (text.contains("apiVersion:")) {
            yaml.append("---\n").append(text).append('\n');
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return Manifests.parse(yaml.toString());
  }
}

package org.gridweave.k8s.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Rendered Kubernetes objects: parsed from YAML, or rendered by {@code kubectl kustomize}. */
public record Manifests(List<JsonNode> objects) {
  public Manifests {
    objects = List.copyOf(objects);
  }

  /** Thrown when no {@code kubectl} is on this machine (callers skip with a notice). */
  public static final class KubectlMissingException extends Exception {
    KubectlMissingException(String message) {
      super(message);
    }
  }

  public static Manifests parse(String yaml) {
    ObjectMapper mapper = new ObjectMapper(new YAMLFactory());
    List<JsonNode> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = mapper.readerFor(JsonNode.class).readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document != null && !document.isNull() && !document.isMissingNode()) {
          objects.add(document);
        }
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("not YAML: " + e.getMessage(), e);
    }
    return new Manifests(objects);
  }

  /** {@code kubectl} from {@code $KUBECTL} or the PATH. */
  public static Optional<Path> kubectl() {
    String configured = System.getenv("KUBECTL");
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
    }
    String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
    return Stream.of(pathVariable.split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "kubectl"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Renders a kustomization folder with {@code kubectl kustomize}. */
  public static String render(Path kustomization) throws IOException, KubectlMissingException {
    Path kubectl =
        kubectl()
            .orElseThrow(() ->
                new KubectlMissingException(
                    "kubectl (with its built-in kustomize) is not on the PATH"));
    if (!Files.isRegularFile(kustomization.resolve("kustomization.yaml"))) {
      throw new IllegalArgumentException(kustomization + " has no kustomization.yaml");
    }
    Path errors = Files.createTempFile("kustomize", ".err");
    try {
      Process process =
          new ProcessBuilder(kubectl.toString(), "kustomize", kustomization.toString())
              .redirectError(errors.toFile())
              .start();
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(120, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IOException("kubectl kustomize " + kustomization + " did not finish in 120 s");
      }
      if (process.exitValue() != 0) {
        throw new IOException(
            "kubectl kustomize "
                + kustomization
                + " failed: "
                + Files.readString(errors, StandardCharsets.UTF_8).strip());
      }
      return new String(output, StandardCharsets.UTF_8);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while rendering " + kustomization, e);
    } finally {
      Files.deleteIfExists(errors);
    }
  }

  public static Manifests renderAndParse(Path kustomization)
      throws IOException, KubectlMissingException {
    return parse(render(kustomization));
  }

  public List<JsonNode> ofKind(String... kinds) {
    List<String> wanted = List.of(kinds);
    return objects.stream().filter(o -> wanted.contains(o.path("kind").asText())).toList();
  }

  public Optional<JsonNode> find(String kind, String name) {
    return ofKind(kind).stream().filter(o -> name(o).equals(name)).findFirst();
  }

  public JsonNode get(String kind, String name) {
    return find(kind, name)
        .orElseThrow(() -> new IllegalArgumentException("no " + kind + " " + name + " rendered"));
  }

  public static String name(JsonNode object) {
    return object.path("metadata").path("name").asText();
  }

  public static String id(JsonNode object) {
    return object.path("kind").asText() + "/" + name(object);
  }
}

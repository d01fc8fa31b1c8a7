package org.gridweave.k8s.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The few calls of the registry HTTP API v2 we need, over plain HTTP (a local registry): the digest
 * a tag points at ({@code HEAD /v2/NAME/manifests/TAG}, {@code Docker-Content-Digest}), and pulling
 * an image — manifest, configuration and layers, each checked against its digest — into a folder.
 */
public final class RegistryClient {
  private static final String ACCEPT =
      "application/vnd.oci.image.manifest.v1+json,application/vnd.docker.distribution.manifest.v2+json";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final String registry;
  // the registry may redirect blob downloads (to storage); follow it
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(5))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /** {@code registry}: HOST:PORT. */
  public RegistryClient(String registry) {
    if (!registry.matches("[A-Za-z0-9.-]+(:\\d+)?")) {
      throw new IllegalArgumentException("registry '" + registry + "' is not HOST:PORT");
    }
    this.registry = registry;
  }

  /** The pulled image: its manifest digest and configuration. */
  public record Pulled(String digest, JsonNode config, int layers) {}

  /** The manifest digest of NAME:TAG, or empty when the registry does not have it. */
  public Optional<String> digest(String name, String tag) throws IOException {
    HttpResponse<Void> response =
        send(
            request(name, "manifests/" + tag)
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    if (response.statusCode() != 200) {
      throw new IOException(
          "HEAD manifests/" + tag + " of " + name + ": HTTP " + response.statusCode());
    }
    return response.headers().firstValue("Docker-Content-Digest");
  }

  /** Pulls NAME:TAG and unpacks its layers into {@code root}. */
  public Pulled pull(String name, String tag, Path root) throws IOException {
    HttpResponse<byte[]> manifest =
        send(
            request(name, "manifests/" + tag).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (manifest.statusCode() != 200) {
      throw new IOException(
          name + ":" + tag + " not in " + registry + " (HTTP " + manifest.statusCode() + ")");
    }
    String digest = sha256(manifest.body());
    manifest
        .headers()
        .firstValue("Docker-Content-Digest")
        .ifPresent(header -> {
          if (!header.equals(digest)) {
            throw new IllegalStateException(
                "manifest of "
                    + name
                    + ":"
                    + tag
                    + " hashes to "
                    + digest
                    + ", registry says "
                    + header);
          }
        });
    JsonNode m = JSON.readTree(manifest.body());
    JsonNode config = JSON.readTree(blob(name, m.path("config").path("digest").asText()));
    int layers = 0;
    for (JsonNode layer : m.path("layers")) {
      Rootfs.unpackLayer(new ByteArrayInputStream(blob(name, layer.path("digest").asText())), root);
      layers++;
    }
    return new Pulled(digest, config, layers);
  }

  private byte[] blob(String name, String digest) throws IOException {
    HttpResponse<byte[]> response =
        send(
            request(name, "blobs/" + digest).GET().build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (response.statusCode() != 200) {
      throw new IOException("blob " + digest + " of " + name + ": HTTP " + response.statusCode());
    }
    String actual = sha256(response.body());
    if (!actual.equals(digest)) {
      throw new IOException("blob " + digest + " of " + name + " hashes to " + actual);
    }
    return response.body();
  }

  private HttpRequest.Builder request(String name, String path) {
    return HttpRequest.newBuilder(URI.create("http://" + registry + "/v2/" + name + "/" + path))
        .header("Accept", ACCEPT)
        .timeout(Duration.ofMinutes(2));
  }

  private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
      throws IOException {
    try {
      return http.send(request, handler);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + request.uri(), e);
    }
  }

  static String sha256(byte[] bytes) {
    return "sha256:" + HexFormat.of().formatHex(DockerArchive.sha256().digest(bytes));
  }
}

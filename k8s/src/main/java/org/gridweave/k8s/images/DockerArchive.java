package org.gridweave.k8s.images;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipParameters;

/**
 * An image as a Docker archive ({@code docker save}'s format, which {@code docker load} and Jib's
 * {@code tar://} base images read): {@code manifest.json} naming the configuration and the layer
 * files, the configuration JSON (with each layer's uncompressed digest in {@code rootfs.diff_ids}),
 * and the layers, here gzip-compressed tars named after their digest.
 */
public final class DockerArchive {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What {@link #write} wrote: digests as {@code sha256:<hex>}. */
  public record Written(
      Path file,
      String repoTag,
      String configDigest,
      List<String> diffIds,
      List<String> layerDigests,
      long bytes) {}

  /** A read archive: its manifest entry, configuration and layer file names inside the tar. */
  public record Contents(
      String repoTag,
      JsonNode config,
      String configDigest,
      List<String> layerFiles,
      Map<String, byte[]> files) {
    /** The layer's bytes as stored (gzip or plain tar). */
    public byte[] layer(int index) {
      return files.get(layerFiles.get(index));
    }
  }

  private DockerArchive() {}

  public static Written write(
      Path file, String repoTag, ImageConfig config, List<ImageLayer> layers) throws IOException {
    Path work = Files.createTempDirectory(file.toAbsolutePath().getParent(), ".layers-");
    try {
      List<String> diffIds = new ArrayList<>();
      List<String> digests = new ArrayList<>();
      List<Path> blobs = new ArrayList<>();
      for (int i = 0; i < layers.size(); i++) {
        Path blob = work.resolve("layer-" + i);
        MessageDigest compressed = sha256();
        MessageDigest uncompressed = sha256();
        GzipParameters gzip = new GzipParameters();
        gzip.setModificationTime(0);
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(blob), compressed);
            GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out, gzip);
            DigestOutputStream raw = new DigestOutputStream(gz, uncompressed)) {
          layers.get(i).writeTar(raw);
        }
        diffIds.add(hex(uncompressed));
        digests.add(hex(compressed));
        blobs.add(blob);
      }
      byte[] configJson = configJson(config, layers, diffIds);
      String configDigest = "sha256:" + HexFormat.of().formatHex(sha256().digest(configJson));
      String configName = configDigest.substring(7) + ".json";
      List<String> layerNames = digests.stream().map(d -> d.substring(7) + ".tar.gz").toList();

      ArrayNode manifest = JSON.createArrayNode();
      ObjectNode entry = manifest.addObject();
      entry.put("Config", configName);
      entry.putArray("RepoTags").add(repoTag);
      ArrayNode layerArray = entry.putArray("Layers");
      layerNames.forEach(layerArray::add);

      Path partial = file.resolveSibling(file.getFileName() + ".partial");
      try (OutputStream out = Files.newOutputStream(partial);
          TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        putBytes(tar, "manifest.json", JSON.writeValueAsBytes(manifest));
        putBytes(tar, configName, configJson);
        for (int i = 0; i < blobs.size(); i++) {
          TarArchiveEntry t = new TarArchiveEntry(layerNames.get(i));
          t.setSize(Files.size(blobs.get(i)));
          t.setModTime(ImageLayer.MODIFIED_MILLIS);
          tar.putArchiveEntry(t);
          Files.copy(blobs.get(i), tar);
          tar.closeArchiveEntry();
        }
      }
      Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      return new Written(file, repoTag, configDigest, diffIds, digests, Files.size(file));
    } finally {
      try (var walk = Files.walk(work)) {
        walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static byte[] configJson(
      ImageConfig config, List<ImageLayer> layers, List<String> diffIds) throws IOException {
    ObjectNode root = JSON.createObjectNode();
    root.put("architecture", "amd64");
    root.put("os", "linux");
    root.put("created", "2000-01-01T00:00:00Z");
    ObjectNode c = root.putObject("config");
    ArrayNode env = c.putArray("Env");
    config.env().forEach(env::add);
    if (!config.user().isEmpty()) {
      c.put("User", config.user());
    }
    c.put("WorkingDir", config.workingDir());
    if (!config.cmd().isEmpty()) {
      ArrayNode cmd = c.putArray("Cmd");
      config.cmd().forEach(cmd::add);
    }
    ObjectNode labels = c.putObject("Labels");
    new java.util.TreeMap<>(config.labels()).forEach(labels::put);
    ObjectNode rootfs = root.putObject("rootfs");
    rootfs.put("type", "layers");
    ArrayNode ids = rootfs.putArray("diff_ids");
    diffIds.forEach(ids::add);
    ArrayNode history = root.putArray("history");
    for (ImageLayer layer : layers) {
      history.addObject().put("created", "2000-01-01T00:00:00Z").put("created_by", layer.name());
    }
    return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
  }

  /** Reads an archive written here or by {@code docker save}/Jib (its first image). */
  public static Contents read(Path file) throws IOException {
    Map<String, byte[]> files = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(file);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
        if (e.isFile()) {
          files.put(e.getName().replaceFirst("^\\./", ""), tar.readAllBytes());
        }
      }
    }
    byte[] manifestBytes = files.get("manifest.json");
    if (manifestBytes == null) {
      throw new IOException(file + " has no manifest.json: not a Docker archive");
    }
    JsonNode entry = JSON.readTree(manifestBytes).path(0);
    String configName = entry.path("Config").asText();
    byte[] config = files.get(configName);
    if (config == null) {
      throw new IOException(
          file + ": manifest.json names configuration " + configName + ", which is missing");
    }
    List<String> layerFiles = new ArrayList<>();
    entry.path("Layers").forEach(l -> layerFiles.add(l.asText()));
    for (String layer : layerFiles) {
      if (!files.containsKey(layer)) {
        throw new IOException(file + ": manifest.json names layer " + layer + ", which is missing");
      }
    }
    return new Contents(
        entry.path("RepoTags").path(0).asText(null),
        JSON.readTree(config),
        "sha256:" + HexFormat.of().formatHex(sha256().digest(config)),
        layerFiles,
        files);
  }

  /** The sha256 of a layer's uncompressed tar (its diff id), whether stored gzipped or not. */
  public static String diffId(byte[] layer) throws IOException {
    MessageDigest digest = sha256();
    try (InputStream in =
        new DigestInputStream(uncompressed(new java.io.ByteArrayInputStream(layer)), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return hex(digest);
  }

  /** Undoes gzip when the stream starts with its magic bytes. */
  static InputStream uncompressed(InputStream in) throws IOException {
    InputStream buffered = in.markSupported() ? in : new java.io.BufferedInputStream(in);
    buffered.mark(2);
    int b1 = buffered.read();
    int b2 = buffered.read();
    buffered.reset();
    return b1 == 0x1f && b2 == 0x8b ? new GzipCompressorInputStream(buffered, true) : buffered;
  }

  private static void putBytes(TarArchiveOutputStream tar, String name, byte[] bytes)
      throws IOException {
    TarArchiveEntry t = new TarArchiveEntry(name);
    t.setSize(bytes.length);
    t.setModTime(ImageLayer.MODIFIED_MILLIS);
    tar.putArchiveEntry(t);
    tar.write(bytes);
    tar.closeArchiveEntry();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String hex(MessageDigest digest) {
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}

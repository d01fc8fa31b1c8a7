package org.gridweave.k8s.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive format, layers and unpacking without any external program. */
class ImageFormatTest {
  @TempDir Path tmp;

  static ImageLayer layer() {
    return new ImageLayer("test")
        .bytes("/etc/motd", "hello\n".getBytes(StandardCharsets.UTF_8), 0644)
        .symlink("/bin/sh", "busybox")
        .directory("/tmp", 01777, 0, 0);
  }

  static final ImageConfig CONFIG =
      new ImageConfig(
          List.of("PATH=/bin"), "185", "/home/default", List.of("sh"), Map.of("a", "b"));

  @Test
  void theSameLayerGivesTheSameBytes() throws Exception {
    ByteArrayOutputStream first = new ByteArrayOutputStream();
    ByteArrayOutputStream second = new ByteArrayOutputStream();
    layer().writeTar(first);
    layer().writeTar(second);

    assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
  }

  @Test
  void anArchiveNamesItsConfigurationAndLayersAndTheDiffIdsMatch() throws Exception {
    DockerArchive.Written written =
        DockerArchive.write(tmp.resolve("image.tar"), "local/test:1", CONFIG, List.of(layer()));

    DockerArchive.Contents read = DockerArchive.read(written.file());

    assertThat(read.repoTag()).isEqualTo("local/test:1");
    assertThat(read.configDigest()).isEqualTo(written.configDigest());
    assertThat(read.config().path("os").asText()).isEqualTo("linux");
    assertThat(read.config().path("architecture").asText()).isEqualTo("amd64");
    assertThat(read.config().path("config").path("User").asText()).isEqualTo("185");
    assertThat(read.config().path("rootfs").path("diff_ids").get(0).asText())
        .isEqualTo(written.diffIds().get(0))
        .isEqualTo(DockerArchive.diffId(read.layer(0)));
    assertThat(read.layerFiles()).hasSize(1);
    assertThat(read.config().path("history")).hasSize(1);
    // written twice: the same digests (fixed times, sorted entries, gzip without a timestamp)
    assertThat(
            DockerArchive.write(tmp.resolve("again.tar"), "local/test:1", CONFIG, List.of(layer())))
        .extracting(DockerArchive.Written::configDigest, DockerArchive.Written::layerDigests)
        .containsExactly(written.configDigest(), written.layerDigests());
  }

  @Test
  void unpackingGivesFilesLinksAndFolders() throws Exception {
    DockerArchive.Written written =
        DockerArchive.write(tmp.resolve("image.tar"), "local/test:1", CONFIG, List.of(layer()));
    Path root = tmp.resolve("root");

    Rootfs.unpackLayer(new ByteArrayInputStream(DockerArchive.read(written.file()).layer(0)), root);

    assertThat(root.resolve("etc/motd")).hasContent("hello");
    assertThat(Files.readSymbolicLink(root.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
    assertThat(root.resolve("tmp")).isDirectory();
  }

  @Test
  void aWhiteoutDeletesWhatALowerLayerPut() throws Exception {
    Path root = tmp.resolve("root");
    Rootfs.unpackLayer(new ByteArrayInputStream(tar("etc/motd", "etc/keep")), root);

    Rootfs.unpackLayer(new ByteArrayInputStream(tar("etc/.wh.motd")), root);

    assertThat(root.resolve("etc/motd")).doesNotExist();
    assertThat(root.resolve("etc/keep")).exists();
  }

  @Test
  void anEntryLeavingTheRootIsRefused() throws Exception {
    Path root = tmp.resolve("root");

    assertThatThrownBy(() -> Rootfs.unpackLayer(new ByteArrayInputStream(tar("../escaped")), root))
        .hasMessageContaining("outside");
    assertThat(tmp.resolve("escaped")).doesNotExist();
  }

  @Test
  void imagePathsMustBeAbsoluteAndStayInside() {
    assertThatThrownBy(() -> new ImageLayer("x").symlink("bin/sh", "busybox"))
        .hasMessageContaining("not absolute");
    assertThatThrownBy(() -> new ImageLayer("x").symlink("/bin/../../sh", "busybox"))
        .hasMessageContaining("leaves the root");
    assertThatThrownBy(() -> new ImageConfig(List.of("PATH"), "", "/", List.of(), Map.of()))
        .hasMessageContaining("NAME=value");
  }

  @Test
  void theMavenBuildNamesBothProfilesTheBasesAndPlainHttp() {
    ImageBuild build =
        new ImageBuild(
            "127.0.0.1:5000",
            "gridweave",
            "0.1.0",
            Optional.of(Path.of("/b/jvm.tar")),
            Optional.of(Path.of("/b/shell.tar")),
            true,
            ImageBuild.IMAGES);

    assertThat(build.mavenCommand("mvn"))
        .contains(
            "-Pimages,besu-api-subset",
            "package",
            "-DskipTests",
            "-am",
            "meter-gateway,forecasting,grid-controller,simulations,besu-plugin/plugin",
            "-Dgridweave.image.registry=127.0.0.1:5000",
            "-Dgridweave.image.jvm-base=tar:///b/jvm.tar",
            "-Dgridweave.image.shell-base=tar:///b/shell.tar",
            "-Dquarkus.container-image.push=true",
            "-Dquarkus.container-image.insecure=true",
            "-Djib.allowInsecureRegistries=true");
    assertThat(build.reference(ImageBuild.IMAGES.get(0)))
        .isEqualTo("127.0.0.1:5000/gridweave/meter-gateway:0.1.0");
    assertThat(ImageBuild.select("besu-plugin,simulations"))
        .extracting(ImageBuild.Image::module)
        .containsExactly("besu-plugin/plugin", "simulations");
    assertThatThrownBy(() -> ImageBuild.select("gateway"))
        .hasMessageContaining("no image 'gateway'");
    assertThatThrownBy(() ->
            new ImageBuild(
                "ghcr.io",
                "gridweave",
                "latest",
                Optional.empty(),
                Optional.empty(),
                false,
                ImageBuild.IMAGES))
        .hasMessageContaining("not a pinned tag");
    assertThatThrownBy(() ->
            new ImageBuild(
                "https://ghcr.io",
                "gridweave",
                "0.1.0",
                Optional.empty(),
                Optional.empty(),
                false,
                ImageBuild.IMAGES))
        .hasMessageContaining("not HOST[:PORT]");
  }

  private static byte[] tar(String... names) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
      for (String name : names) {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(1);
        tar.putArchiveEntry(e);
        tar.write('x');
        tar.closeArchiveEntry();
      }
    }
    return bytes.toByteArray();
  }
}

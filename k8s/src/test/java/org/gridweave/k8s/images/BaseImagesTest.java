package org.gridweave.k8s.images;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.cloud.tools.jib.api.Containerizer;
import com.google.cloud.tools.jib.api.Jib;
import com.google.cloud.tools.jib.api.JibContainer;
import com.google.cloud.tools.jib.api.RegistryImage;
import com.google.cloud.tools.jib.api.buildplan.AbsoluteUnixPath;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local base images, built for real from this machine's JDK and busybox-static: their
 * structure, that they run (unpacked, as a container runtime would), and that Jib takes the JVM
 * base as a {@code tar://} base, pushes an image on it to a real docker-registry, and that image,
 * pulled back over HTTP, runs. SKIPPED with a NOTICE without jlink, busybox-static, root or
 * docker-registry (each check needs only its own).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BaseImagesTest {
  static final Path BUSYBOX = Path.of("/bin/busybox");

  @TempDir Path tmp;
  Path bases;
  BaseImages.JvmBase jvm;
  DockerArchive.Written shell;
  String skipJvm;
  String skipShell;

  @BeforeAll
  void build(@TempDir Path dir) throws IOException {
    bases = dir;
    Path jdk = Path.of(System.getProperty("java.home"));
    if (!Files.isExecutable(jdk.resolve("bin/jlink"))) {
      skipJvm = "no jlink in " + jdk + " (a JRE, not a JDK)";
    } else {
      try {
        jvm = BaseImages.jvm(jdk, bases);
      } catch (IOException e) {
        if (!String.valueOf(e.getMessage()).contains("jmods")) {
          throw e;
        }
        skipJvm = "this JDK cannot link a runtime without its jmods: " + e.getMessage();
      }
    }
    if (!Files.isRegularFile(BUSYBOX) || !SharedLibraries.isStatic(BUSYBOX)) {
      skipShell = "no static /bin/busybox (apt-get install busybox-static)";
    } else {
      shell = BaseImages.shell(BUSYBOX, bases);
    }
  }

  void assumeJvm() {
    if (skipJvm != null) {
      System.err.println("NOTICE: " + skipJvm + ": JVM base test SKIPPED");
    }
    assumeTrue(skipJvm == null, "NOTICE: " + skipJvm);
  }

  void assumeShell() {
    if (skipShell != null) {
      System.err.println("NOTICE: " + skipShell + ": shell base test SKIPPED");
    }
    assumeTrue(skipShell == null, "NOTICE: " + skipShell);
  }

  static final Map<Path, DockerArchive.Contents> READ = new ConcurrentHashMap<>();

  /** Each archive read once (they are tens of MB). */
  static DockerArchive.Contents read(DockerArchive.Written written) throws IOException {
    DockerArchive.Contents contents = READ.get(written.file());
    if (contents == null) {
      contents = DockerArchive.read(written.file());
      READ.put(written.file(), contents);
    }
    return contents;
  }

  static Path unpack(DockerArchive.Written written, Path root) throws IOException {
    DockerArchive.Contents contents = read(written);
    for (int i = 0; i < contents.layerFiles().size(); i++) {
      Rootfs.unpackLayer(new ByteArrayInputStream(contents.layer(i)), root);
    }
    return root;
  }

  static void assertWellFormed(DockerArchive.Written written) throws IOException {
    DockerArchive.Contents contents = read(written);
    JsonNode diffIds = contents.config().path("rootfs").path("diff_ids");
    assertThat(contents.repoTag()).isEqualTo(written.repoTag());
    assertThat(contents.configDigest()).isEqualTo(written.configDigest());
    assertThat(diffIds).hasSize(contents.layerFiles().size());
    for (int i = 0; i < contents.layerFiles().size(); i++) {
      assertThat(DockerArchive.diffId(contents.layer(i))).isEqualTo(diffIds.get(i).asText());
      assertThat(contents.layer(i)).startsWith((byte) 0x1f, (byte) 0x8b); // gzip
    }
    assertThat(contents.config().path("os").asText()).isEqualTo("linux");
    assertThat(contents.config().path("architecture").asText()).isEqualTo("amd64");
  }

  @Test
  void theShellBaseIsBusyboxWithShAndCp() throws IOException {
    assumeShell();
    assertWellFormed(shell);

    Path root = unpack(shell, tmp.resolve("shell"));

    assertThat(root.resolve("bin/busybox")).isRegularFile().isExecutable();
    for (String applet : List.of("sh", "cp", "ls")) {
      assertThat(Files.readSymbolicLink(root.resolve("bin/" + applet)))
          .isEqualTo(Path.of("busybox"));
    }
    assertThat(read(shell).config().path("config").path("Cmd").get(0).asText()).isEqualTo("sh");
  }

  @Test
  void theShellBaseRunsTheBesuInitContainersCopy() throws Exception {
    assumeShell();
    Container.assumeCanRun();
    Path root = unpack(shell, tmp.resolve("shell-run"));
    Files.createDirectories(root.resolve("plugins"));
    Files.writeString(root.resolve("plugins/a.jar"), "jar");
    Files.createDirectories(root.resolve("besu-plugins"));

    Container.Result result =
        Container.run(
            root,
            read(shell).config(),
            List.of("sh", "-c", "cp /plugins/*.jar /besu-plugins/ && ls /besu-plugins"));

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output()).contains("a.jar");
    assertThat(root.resolve("besu-plugins/a.jar")).hasContent("jar");
  }

  @Test
  void theJvmBaseHoldsTheRuntimeAndTheLibrariesLddNames() throws IOException {
    assumeJvm();
    assertWellFormed(jvm.archive());
    JsonNode config = read(jvm.archive()).config().path("config");

    Path root = unpack(jvm.archive(), tmp.resolve("jvm"));

    assertThat(root.resolve("opt/java/openjdk/bin/java")).isExecutable();
    assertThat(root.resolve("opt/java/openjdk/lib/server/libjvm.so")).isRegularFile();
    assertThat(jvm.libraries().libraries()).containsKeys("/lib64/ld-linux-x86-64.so.2");
    assertThat(jvm.libraries().libraries().keySet())
        .anyMatch(l -> l.endsWith("/libc.so.6"))
        .anyMatch(l -> l.endsWith("/libstdc++.so.6")) // for OR-Tools' and XGBoost's native code
        .anyMatch(l -> l.endsWith("/libgomp.so.1"));
    assertThat(jvm.libraries().missing()).isEmpty();
    for (String library : jvm.libraries().libraries().keySet()) {
      assertThat(root.resolve(library.substring(1))).isRegularFile();
    }
    assertThat(root.resolve("etc/passwd")).content().contains("default:x:185:0:");
    assertThat(config.path("User").asText()).isEqualTo("185");
    assertThat(config.path("WorkingDir").asText()).isEqualTo("/home/default");
    assertThat(config.path("Env").toString())
        .contains("PATH=/opt/java/openjdk/bin:")
        .contains("JAVA_HOME=/opt/java/openjdk");
  }

  @Test
  void theJvmBaseRunsJavaAsUser185() throws Exception {
    assumeJvm();
    Container.assumeCanRun();
    Path root = unpack(jvm.archive(), tmp.resolve("jvm-run"));

    Container.Result result =
        Container.run(
            root,
            read(jvm.archive()).config(),
            List.of("java", "-XshowSettings:properties", "-version"));

    assertThat(result.exit()).as(result.output()).isZero();
    assertThat(result.output())
        .contains("java.home = /opt/java/openjdk")
        .contains("user.name = default")
        .contains("user.dir = /home/default")
        .contains("openjdk version \"" + jvm.javaVersion() + "\"");
  }

  @Test
  void jibBuildsOnTheJvmBaseAndTheImageItPushedRunsFromTheRegistry() throws Exception {
    assumeJvm();
    if (LocalRegistry.binary().isEmpty()) {
      System.err.println(
          "NOTICE: docker-registry not installed (apt-get install docker-registry): Jib push test SKIPPED");
    }
    assumeTrue(LocalRegistry.binary().isPresent(), "NOTICE: no docker-registry");
    Path classes = compileHello(tmp.resolve("classes"));

    try (LocalRegistry registry = LocalRegistry.start(tmp.resolve("registry"))) {
      JibContainer pushed =
          Jib.from("tar://" + jvm.archive().file())
              .addLayer(List.of(classes.resolve("Hello.class")), AbsoluteUnixPath.get("/app"))
              .setEntrypoint("java", "-cp", "/app", "Hello")
              .containerize(
                  Containerizer.to(RegistryImage.named(registry.address() + "/test/hello:1"))
                      .setAllowInsecureRegistries(true)
                      .setBaseImageLayersCache(tmp.resolve("jib-base-cache"))
                      .setApplicationLayersCache(tmp.resolve("jib-app-cache")));

      RegistryClient client = new RegistryClient(registry.address());
      assertThat(client.digest("test/hello", "1")).contains(pushed.getDigest().toString());
      assertThat(client.digest("test/hello", "2")).isEmpty();
      Path root = tmp.resolve("pulled");
      RegistryClient.Pulled pulled = client.pull("test/hello", "1", root);

      assertThat(pulled.digest()).isEqualTo(pushed.getDigest().toString());
      assertThat(pulled.layers()).isEqualTo(3); // the base's two and Jib's
      assertThat(pulled.config().path("config").path("User").asText()).isEqualTo("185");
      Container.assumeCanRun();
      Container.Result result = Container.run(root, pulled.config(), List.of());
      assertThat(result.exit()).as(result.output()).isZero();
      assertThat(result.output())
          .isEqualToIgnoringNewLines(
              "hello from default in /home/default on " + Runtime.version().feature());
    }
  }

  /** Hello.class compiled for release 21, as our modules are. */
  static Path compileHello(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path source = dir.resolve("Hello.java");
    Files.writeString(
        source,
        """
        public class Hello {
          public static void main(String[] args) {
            System.out.println("hello from " + System.getProperty("user.name") + " in "
                + System.getProperty("user.dir") + " on " + Runtime.version().feature());
          }
        }
        """);
    List<String> args =
        new ArrayList<>(List.of("--release", "21", "-d", dir.toString(), source.toString()));
    int exit =
        ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new));
    assertThat(exit).isZero();
    return dir;
  }
}

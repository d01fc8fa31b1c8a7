package org.gridweave.k8s.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.gridweave.k8s.images.BaseImages;
import org.gridweave.k8s.images.DockerArchive;
import org.gridweave.k8s.images.ImageBuild;
import org.gridweave.k8s.images.LocalRegistry;
import org.gridweave.k8s.images.RegistryClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code k8s base-images}, {@code k8s images}, {@code k8s pull-image} (README: Images). */
final class ImageCommands {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageCommands() {}

  static Path defaultJdk() {
    return Path.of(System.getProperty("java.home"));
  }

  static List<DockerArchive.Written> buildBases(Path out, Path jdk, Path busybox, PrintWriter o)
      throws IOException {
    BaseImages.JvmBase jvm = BaseImages.jvm(jdk, out);
    DockerArchive.Written shell = BaseImages.shell(busybox, out);
    for (DockerArchive.Written w : List.of(jvm.archive(), shell)) {
      ObjectNode line = JSON.createObjectNode();
      line.put("base", w.repoTag());
      line.put("file", w.file().toString());
      line.put("config", w.configDigest());
      line.put("layers", w.diffIds().size());
      line.put("bytes", w.bytes());
      if (w == jvm.archive()) {
        line.put("java", jvm.javaVersion());
        line.put("shared_libraries", jvm.libraries().libraries().size());
        line.put("unresolved", String.join("; ", jvm.libraries().missing()));
      }
      o.println(JSON.writeValueAsString(line));
    }
    return List.of(jvm.archive(), shell);
  }

  @Command(
      name = "base-images",
      description =
          "Writes the local base images (Docker archives Jib reads as tar:// bases): a JVM base"
              + " jlinked from a JDK of this machine with the shared libraries it loads, and a"
              + " shell base from busybox-static. For offline verification only (ADR 0021).")
  static final class BaseImagesCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--out",
        required = true,
        description = "folder for jvm-base.tar and shell-base.tar")
    Path out;

    @Option(
        names = "--jdk",
        description = "JDK to jlink the runtime from (default: the running one)")
    Path jdk;

    @Option(
        names = "--busybox",
        defaultValue = "/bin/busybox",
        description = "a static busybox (Debian: busybox-static)")
    Path busybox;

    @Override
    public Integer call() throws IOException {
      buildBases(
          out.toAbsolutePath(),
          jdk == null ? defaultJdk() : jdk,
          busybox,
          spec.commandLine().getOut());
      return 0;
    }
  }

  @Command(
      name = "images",
      description =
          "Builds and pushes the five images with Jib (mvn -Pimages,besu-api-subset package),"
              + " then prints each image's digest as the registry reports it, one JSON line each."
              + " --local: local base images, a local docker-registry, push there.")
  static final class ImagesCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(
        names = "--registry",
        description = "HOST[:PORT] to push to (default: ghcr.io; with --local the local registry)")
    String registry;

    @Option(
        names = "--local",
        description = "base images from this machine, a local docker-registry, plain HTTP")
    boolean local;

    @Option(names = "--insecure", description = "plain HTTP to --registry")
    boolean insecure;

    @Option(names = "--group", defaultValue = "gridweave")
    String group;

    @Option(names = "--tag", defaultValue = "0.1.0")
    String tag;

    @Option(
        names = "--work",
        description =
            "folder for base images, registry storage and the build log (default: k8s/target/images)")
    Path work;

    @Option(
        names = "--jdk",
        description = "--local: JDK for the JVM base (default: the running one)")
    Path jdk;

    @Option(names = "--busybox", defaultValue = "/bin/busybox")
    Path busybox;

    @Option(
        names = "--keep-running",
        description = "--local: keep the registry running after the build, until stopped")
    boolean keepRunning;

    @Option(
        names = "--jvm-base",
        description = "without --local: a Docker archive to use as the Java images' base (tar://)")
    Path jvmBase;

    @Option(
        names = "--shell-base",
        description =
            "without --local: a Docker archive to use as the plugin image's base (tar://)")
    Path shellBase;

    @Option(names = "--only", description = "comma-separated image names (default: all five)")
    String only;

    @Option(
        names = "--keep-storage",
        description = "--local: keep the registry's storage (hundreds of MB) after it stops")
    boolean keepStorage;

    @Option(names = "--dry-run", description = "print the Maven command and build nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
      PrintWriter o = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      if (local && (registry != null || jvmBase != null || shellBase != null)) {
        throw new IllegalArgumentException(
            "--local starts its own registry and builds its own bases: leave out --registry,"
                + " --jvm-base and --shell-base");
      }
      Path folder =
          (work == null ? K8sCli.home().resolve("k8s/target/images") : work).toAbsolutePath();
      String mvn = Optional.ofNullable(System.getenv("MVN")).orElse("mvn");
      if (!local) {
        ImageBuild build =
            new ImageBuild(
                registry == null ? "ghcr.io" : registry,
                group,
                tag,
                Optional.ofNullable(jvmBase),
                Optional.ofNullable(shellBase),
                insecure,
                ImageBuild.select(only));
        if (dryRun) {
          o.println(String.join(" ", build.mavenCommand(mvn)));
          return 0;
        }
        return buildAndReport(build, mvn, folder, o, err);
      }
      Path bases = folder.resolve("base-images");
      ImageBuild planned =
          new ImageBuild(
              "127.0.0.1:5000",
              group,
              tag,
              Optional.of(bases.resolve(BaseImages.JVM_FILE)),
              Optional.of(bases.resolve(BaseImages.SHELL_FILE)),
              true,
              ImageBuild.select(only));
      if (dryRun) {
        o.println(String.join(" ", planned.mavenCommand(mvn)) + "   (port: the local registry's)");
        return 0;
      }
      buildBases(bases, jdk == null ? defaultJdk() : jdk, busybox, o);
      Path storage = folder.resolve("registry-" + Instant.now().getEpochSecond());
      int exit;
      try (LocalRegistry running = LocalRegistry.start(storage)) {
        err.println("k8s: docker-registry on " + running.address() + ", storage " + storage);
        ImageBuild build =
            new ImageBuild(
                running.address(),
                group,
                tag,
                planned.jvmBase(),
                planned.shellBase(),
                true,
                planned.images());
        exit = buildAndReport(build, mvn, folder, o, err);
        if (keepRunning) {
          ObjectNode line =
              JSON.createObjectNode()
                  .put("registry", running.address())
                  .put("storage", storage.toString());
          o.println(JSON.writeValueAsString(line));
          o.flush();
          err.println("k8s: registry kept running; stop with Ctrl-C (SIGTERM)");
          CountDownLatch stopped = new CountDownLatch(1);
          Runtime.getRuntime()
              .addShutdownHook(
                  new Thread(() -> {
                    running.close();
                    stopped.countDown();
                  }));
          stopped.await();
          return exit;
        }
      }
      if (!keepStorage) {
        BaseImages.deleteTree(storage);
      }
      return exit;
    }

    private int buildAndReport(
        ImageBuild build, String mvn, Path folder, PrintWriter o, PrintWriter err)
        throws IOException, InterruptedException {
      Files.createDirectories(folder);
      Path log = folder.resolve("mvn-images.log");
      List<String> command = build.mavenCommand(mvn);
      err.println("k8s: " + String.join(" ", command));
      err.println("k8s: Maven log: " + log);
      err.flush();
      long started = System.nanoTime();
      Process process =
          new ProcessBuilder(command)
              .directory(K8sCli.home().toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      int mavenExit = process.waitFor();
      double seconds = (System.nanoTime() - started) / 1e9;
      if (mavenExit != 0) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        err.println(
            "k8s: mvn exited with "
                + mavenExit
                + " after "
                + Math.round(seconds)
                + " s; its last lines:");
        lines
            .subList(Math.max(0, lines.size() - 30), lines.size())
            .forEach(l -> err.println("  " + l));
      }
      RegistryClient client = new RegistryClient(build.registry());
      int missing = 0;
      for (ImageBuild.Image image : build.images()) {
        ObjectNode line = JSON.createObjectNode();
        line.put("image", image.name());
        line.put("reference", build.reference(image));
        Optional<String> digest = client.digest(build.repository(image), build.tag());
        if (digest.isPresent()) {
          line.put("digest", digest.get());
          line.put("pinned", build.registry() + "/" + build.repository(image) + "@" + digest.get());
        } else {
          line.putNull("digest");
          line.put(
              "error",
              "not in the registry: does "
                  + image.module()
                  + "/pom.xml have the images profile? ("
                  + log
                  + ")");
          missing++;
        }
        o.println(JSON.writeValueAsString(line));
      }
      ObjectNode summary =
          JSON.createObjectNode()
              .put("maven_exit", mavenExit)
              .put("build_s", Math.round(seconds * 10) / 10.0)
              .put("images", build.images().size() - missing)
              .put("missing", missing);
      o.println(JSON.writeValueAsString(summary));
      return mavenExit == 0 && missing == 0 ? 0 : 1;
    }
  }

  @Command(
      name = "pull-image",
      description =
          "Pulls NAME:TAG from a registry over plain HTTP (manifest, configuration, layers, each"
              + " checked against its digest) and unpacks it into a folder, e.g. to chroot into.")
  static final class PullImageCommand implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--registry", required = true, description = "HOST:PORT")
    String registry;

    @Parameters(paramLabel = "NAME:TAG", description = "e.g. gridweave/meter-gateway:0.1.0")
    String image;

    @Option(names = "--into", required = true, description = "a new or empty folder")
    Path into;

    @Override
    public Integer call() throws IOException {
      int colon = image.lastIndexOf(':');
      if (colon <= 0 || image.indexOf('/', colon) >= 0) {
        throw new IllegalArgumentException("image '" + image + "' is not NAME:TAG");
      }
      if (Files.isDirectory(into)) {
        try (var children = Files.list(into)) {
          if (children.findAny().isPresent()) {
            throw new IllegalArgumentException("--into " + into + " is not empty");
          }
        }
      }
      RegistryClient.Pulled pulled =
          new RegistryClient(registry)
              .pull(image.substring(0, colon), image.substring(colon + 1), into);
      ObjectNode line = JSON.createObjectNode();
      line.put("image", image);
      line.put("digest", pulled.digest());
      line.put("layers", pulled.layers());
      line.set("entrypoint", pulled.config().path("config").path("Entrypoint"));
      line.set("cmd", pulled.config().path("config").path("Cmd"));
      line.set("user", pulled.config().path("config").path("User"));
      line.set("working_dir", pulled.config().path("config").path("WorkingDir"));
      line.set("env", pulled.config().path("config").path("Env"));
      line.put("into", into.toAbsolutePath().toString());
      spec.commandLine().getOut().println(JSON.writeValueAsString(line));
      return 0;
    }
  }
}

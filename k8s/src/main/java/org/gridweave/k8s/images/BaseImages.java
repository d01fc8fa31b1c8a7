package org.gridweave.k8s.images;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Local base images for building and running our images without a network (docs/adr/0021): a Java
 * runtime linked by {@code jlink} from this machine's JDK with exactly the shared libraries {@code
 * ldd} says it loads, and a shell from Debian's {@code busybox-static}. They stand in for the
 * pinned upstream bases ({@code gridweave.image.jvm-base}, {@code gridweave.image.shell-base}) only
 * for offline verification; releases use the upstream ones.
 */
public final class BaseImages {
  public static final String JVM_FILE = "jvm-base.tar";
  public static final String SHELL_FILE = "shell-base.tar";
  public static final String JAVA_HOME = "/opt/java/openjdk";
  public static final String USER_HOME = "/home/default";

  /** The modules of the linked runtime: Java SE plus what Quarkus and its libraries reach for. */
  public static final List<String> MODULES =
      List.of(
          "java.se",
          "jdk.unsupported",
          "jdk.zipfs",
          "jdk.management",
          "jdk.naming.dns",
          "jdk.crypto.ec",
          "jdk.charsets");

  /**
   * C and C++ runtime libraries that no part of the JRE loads but the native code inside our
   * dependencies' jars does: OR-Tools (controller, simulations) needs libstdc++ and libgcc_s,
   * XGBoost (Tribuo's xgboost models, in simulations) also libgomp (OpenMP). Whether the pinned UBI
   * OpenJDK runtime image has them was not checked here (no network; ADR 0021).
   */
  public static final List<String> NATIVE_RUNTIME =
      List.of("libstdc++.so.6", "libgcc_s.so.1", "libgomp.so.1");

  /** The busybox applets linked in the shell image (the Besu init container needs sh and cp). */
  public static final List<String> APPLETS =
      List.of(
          "sh", "cp", "ls", "cat", "mkdir", "rm", "mv", "chmod", "echo", "env", "id", "test",
          "true");

  private static final String LOCAL_LABEL =
      "GridWeave local base for offline verification only (docs/adr/0021); not for production";

  /** The JVM base: the archive, the runtime's version, and the libraries it was given. */
  public record JvmBase(
      DockerArchive.Written archive, String javaVersion, SharedLibraries libraries) {}

  private BaseImages() {}

  /** jlinks a runtime from {@code jdk} and writes {@code out/jvm-base.tar}. */
  public static JvmBase jvm(Path jdk, Path out) throws IOException {
    Path jlink = jdk.resolve("bin/jlink");
    if (!Files.isExecutable(jlink)) {
      throw new IllegalArgumentException(
          jdk + " has no bin/jlink: the JVM base needs a JDK (e.g. --jdk /usr/lib/jvm/...)");
    }
    String version = release(jdk).getProperty("JAVA_VERSION", "").replace("\"", "");
    if (version.isEmpty()) {
      throw new IllegalArgumentException(jdk + "/release names no JAVA_VERSION: not a JDK");
    }
    Files.createDirectories(out);
    Path runtime = out.resolve("jre-" + version);
    deleteTree(runtime);
    run(
        List.of(
            jlink.toString(),
            "--add-modules",
            String.join(",", MODULES),
            "--strip-debug",
            "--no-man-pages",
            "--no-header-files",
            "--output",
            runtime.toString()));
    SharedLibraries libraries = SharedLibraries.of(runtime, NATIVE_RUNTIME);

    ImageLayer system = baseSystem("system: /etc, /tmp, " + USER_HOME);
    for (Map.Entry<String, Path> lib : libraries.libraries().entrySet()) {
      system.file(lib.getKey(), lib.getValue(), 0755);
    }
    ImageLayer jre =
        new ImageLayer("jlink " + version + " (" + String.join(",", MODULES) + ")")
            .tree(JAVA_HOME, runtime);
    ImageConfig config =
        new ImageConfig(
            List.of(
                "PATH=" + JAVA_HOME + "/bin:/usr/local/bin:/usr/bin:/bin",
                "JAVA_HOME=" + JAVA_HOME,
                "LANG=C.UTF-8"),
            "185",
            USER_HOME,
            List.of(),
            Map.of(
                "org.opencontainers.image.description",
                LOCAL_LABEL,
                "org.gridweave.java.version",
                version));
    String tag = "gridweave-local/jre:" + version.replace('+', '_') + "-jlink";
    DockerArchive.Written written =
        DockerArchive.write(out.resolve(JVM_FILE), tag, config, List.of(system, jre));
    deleteTree(runtime);
    return new JvmBase(written, version, libraries);
  }

  /** Writes {@code out/shell-base.tar}: a static busybox as /bin/busybox with {@link #APPLETS}. */
  public static DockerArchive.Written shell(Path busybox, Path out) throws IOException {
    if (!Files.isRegularFile(busybox)) {
      throw new IllegalArgumentException(
          busybox
              + " does not exist: install Debian's busybox-static (apt-get install busybox-static)");
    }
    if (!SharedLibraries.isStatic(busybox)) {
      throw new IllegalArgumentException(
          busybox + " is linked dynamically: the shell base needs busybox-static");
    }
    Files.createDirectories(out);
    ImageLayer layer = baseSystem("busybox-static with " + String.join(" ", APPLETS));
    layer.file("/bin/busybox", busybox.toRealPath(), 0755);
    APPLETS.forEach(a -> layer.symlink("/bin/" + a, "busybox"));
    ImageConfig config =
        new ImageConfig(
            List.of("PATH=/usr/local/bin:/usr/bin:/bin"),
            "",
            "/",
            List.of("sh"),
            Map.of("org.opencontainers.image.description", LOCAL_LABEL));
    return DockerArchive.write(
        out.resolve(SHELL_FILE), "gridweave-local/busybox:static", config, List.of(layer));
  }

  /** /etc with root and user 185 ("default", group root, as in the UBI OpenJDK images), /tmp. */
  static ImageLayer baseSystem(String name) {
    ImageLayer layer = new ImageLayer(name);
    layer.bytes(
        "/etc/passwd",
        utf8(
            "root:x:0:0:root:/root:/sbin/nologin\n"
                + "default:x:185:0:GridWeave service user:"
                + USER_HOME
                + ":/sbin/nologin\n"
                + "nobody:x:65534:65534:nobody:/nonexistent:/sbin/nologin\n"),
        0644);
    layer.bytes("/etc/group", utf8("root:x:0:\nnogroup:x:65534:\n"), 0644);
    layer.bytes(
        "/etc/nsswitch.conf", utf8("passwd: files\ngroup: files\nhosts: files dns\n"), 0644);
    layer.bytes("/etc/hosts", utf8("127.0.0.1 localhost\n::1 localhost ip6-localhost\n"), 0644);
    layer.directory("/root", 0700, 0, 0);
    layer.directory("/tmp", 01777, 0, 0);
    layer.directory(USER_HOME, 0775, 185, 0);
    return layer;
  }

  private static Properties release(Path jdk) throws IOException {
    Properties properties = new Properties();
    Path release = jdk.resolve("release");
    if (Files.isRegularFile(release)) {
      try (var in = Files.newBufferedReader(release)) {
        properties.load(in);
      }
    }
    return properties;
  }

  private static void run(List<String> command) throws IOException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    try {
      if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
        process.destroyForcibly();
        throw new IOException(String.join(" ", command) + " failed: " + out.strip());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + command, e);
    }
  }

  /** Deletes a file or a folder with everything in it (links are not followed). */
  public static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    List<Path> all = new ArrayList<>();
    try (var walk = Files.walk(path)) {
      walk.forEach(all::add);
    }
    for (int i = all.size() - 1; i >= 0; i--) {
      Files.delete(all.get(i));
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}

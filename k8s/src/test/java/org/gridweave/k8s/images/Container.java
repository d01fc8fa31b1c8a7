package org.gridweave.k8s.images;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command in an unpacked image the way a container runtime would, with util-linux's {@code
 * unshare} as root: its own mount and PID namespaces with a fresh /proc, the image's root, working
 * directory, user and environment. No network namespace, no cgroup limits: enough to show the
 * image's files run, not a sandbox.
 */
final class Container {
  record Result(int exit, String output) {}

  private Container() {}

  /**
   * Skips the calling test with a NOTICE unless we are root and unshare can make mount and PID
   * namespaces here (a sandbox may forbid it).
   */
  static void assumeCanRun() {
    String why = null;
    if (!"root".equals(System.getProperty("user.name"))) {
      why = "not root";
    } else if (!Files.isExecutable(Path.of("/usr/bin/unshare"))) {
      why = "no /usr/bin/unshare (util-linux)";
    } else {
      try {
        Process probe =
            new ProcessBuilder(
                    "/usr/bin/unshare", "--mount", "--pid", "--fork", "--mount-proc", "true")
                .redirectErrorStream(true)
                .start();
        String out = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
          why = "unshare cannot make namespaces here: " + out.strip();
        }
      } catch (IOException e) {
        why = "unshare failed: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        why = "interrupted";
      }
    }
    if (why != null) {
      System.err.println("NOTICE: " + why + ": running an unpacked image SKIPPED");
    }
    assumeTrue(why == null, "NOTICE: " + why);
  }

  /** Runs {@code command} (the image's entrypoint when empty) in {@code rootfs}. */
  static Result run(Path rootfs, JsonNode config, List<String> command)
      throws IOException, InterruptedException {
    JsonNode c = config.path("config");
    Files.createDirectories(rootfs.resolve("proc"));
    String workingDir = c.path("WorkingDir").asText("/");
    String user = c.path("User").asText("0");
    List<String> argv =
        new ArrayList<>(
            List.of(
                "/usr/bin/unshare",
                "--mount",
                "--pid",
                "--fork",
                "--mount-proc",
                "--root=" + rootfs,
                "--wd=" + (workingDir.isEmpty() ? "/" : workingDir),
                "--setuid",
                user.isEmpty() ? "0" : user,
                "--setgid",
                "0"));
    if (command.isEmpty()) {
      c.path("Entrypoint").forEach(a -> argv.add(a.asText()));
      c.path("Cmd").forEach(a -> argv.add(a.asText()));
    } else {
      argv.addAll(command);
    }
    ProcessBuilder builder = new ProcessBuilder(argv).redirectErrorStream(true);
    builder.environment().clear();
    c.path("Env")
        .forEach(e -> {
          String[] kv = e.asText().split("=", 2);
          builder.environment().put(kv[0], kv[1]);
        });
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(2, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IOException("still running after 2 minutes: " + argv);
    }
    return new Result(process.exitValue(), output);
  }
}

package org.gridweave.firmware.site;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the project's shared data folder by walking up from the working directory. */
final class SharedData {
  private SharedData() {}

  static Path folder(String dataset) {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      Path candidate = dir.resolve("shared").resolve("data").resolve(dataset);
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
      dir = dir.getParent();
    }
    assumeTrue(
        false,
        "skipped: no shared/data/" + dataset + " folder above " + Path.of("").toAbsolutePath());
    return null;
  }
}

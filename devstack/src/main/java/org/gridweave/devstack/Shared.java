package org.gridweave.devstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the project's shared public data sets ({@code ../shared/data} beside the repository). */
public final class Shared {
  private Shared() {}

  public static Optional<Path> data() {
    String configured = System.getProperty("gridweave.data");
    if (configured != null) {
      return Optional.of(Path.of(configured)).filter(Files::isDirectory);
    }
    for (Path p = Stack.home().toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/data");
      if (Files.isDirectory(candidate.resolve("london-smart-meters-lcl-2013"))) {
        return Optional.of(candidate);
      }
    }
    return Optional.empty();
  }
}

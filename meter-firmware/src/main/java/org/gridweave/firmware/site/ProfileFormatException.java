package org.gridweave.firmware.site;

import java.io.IOException;
import java.nio.file.Path;

/** A profile file is malformed; the message names the file and the 1-based line. */
public final class ProfileFormatException extends IOException {
  private final Path file;
  private final long line;

  public ProfileFormatException(Path file, long line, String problem) {
    super(file + ":" + line + ": " + problem);
    this.file = file;
    this.line = line;
  }

  public Path file() {
    return file;
  }

  public long line() {
    return line;
  }
}

package org.gridweave.forecasting.datasets;

import java.io.IOException;
import java.nio.file.Path;

/** Raw input that cannot be read; the message names the file and the line. */
public final class MalformedDataException extends IOException {
  public MalformedDataException(Path file, long line, String problem) {
    super(file + ":" + line + ": " + problem);
  }

  public MalformedDataException(Path file, String problem) {
    super(file + ": " + problem);
  }
}

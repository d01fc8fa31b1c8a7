package org.gridweave.localinfra;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A broker, database or service did not come up (or could not be restarted). The message ends with
 * the last lines of the component's log file when there is one, so a failed demo or test run says
 * why without anyone opening files.
 */
public final class StartupFailedException extends RuntimeException {

  private static final int TAIL_LINES = 30;

  public StartupFailedException(String message, Throwable cause) {
    super(message, cause);
  }

  public StartupFailedException(String message) {
    super(message);
  }

  /** A failure whose message carries the tail of {@code logFile} (if it exists and is readable). */
  public static StartupFailedException withLogTail(String message, Path logFile, Throwable cause) {
    return new StartupFailedException(message + tail(logFile), cause);
  }

  /** Like {@link #withLogTail(String, Path, Throwable)}, without a cause. */
  public static StartupFailedException withLogTail(String message, Path logFile) {
    return withLogTail(message, logFile, null);
  }

  private static String tail(Path logFile) {
    if (logFile == null || !Files.isReadable(logFile)) {
      return "";
    }
    try {
      List<String> lines = Files.readAllLines(logFile);
      List<String> last = lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
      return "\n--- last lines of " + logFile + " ---\n" + String.join("\n", last);
    } catch (IOException | RuntimeException unreadable) {
      // A log with broken encoding must not hide the original failure.
      return "\n(log " + logFile + " unreadable: " + unreadable + ")";
    }
  }
}

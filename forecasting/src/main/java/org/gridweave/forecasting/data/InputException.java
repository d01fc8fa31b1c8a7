package org.gridweave.forecasting.data;

/** Bad input, with a message naming the file, and where known the line and column. */
public final class InputException extends RuntimeException {
  public InputException(String message) {
    super(message);
  }

  public static InputException at(String file, long line, String column, String problem) {
    StringBuilder b = new StringBuilder(file);
    if (line > 0) {
      b.append(", line ").append(line);
    }
    if (column != null) {
      b.append(", column '").append(column).append('\'');
    }
    return new InputException(b.append(": ").append(problem).toString());
  }
}

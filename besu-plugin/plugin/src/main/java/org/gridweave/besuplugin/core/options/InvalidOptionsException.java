package org.gridweave.besuplugin.core.options;

/**
 * A {@code --plugin-energy-*} option is missing or malformed; the message names it and says why.
 */
public final class InvalidOptionsException extends RuntimeException {

  public InvalidOptionsException(String message) {
    super(message);
  }

  public InvalidOptionsException(String message, Throwable cause) {
    super(message, cause);
  }
}

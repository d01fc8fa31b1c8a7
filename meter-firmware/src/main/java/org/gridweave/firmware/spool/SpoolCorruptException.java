package org.gridweave.firmware.spool;

import java.io.IOException;

/** The spool cannot be read or written; the message says which file and why. */
public final class SpoolCorruptException extends RuntimeException {
  public SpoolCorruptException(String message, IOException cause) {
    super(message, cause);
  }
}

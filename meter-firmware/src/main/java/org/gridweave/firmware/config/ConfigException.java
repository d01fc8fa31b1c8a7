package org.gridweave.firmware.config;

/** A configuration is invalid; the message names the field and what is expected. */
public final class ConfigException extends Exception {
  private final String field;

  public ConfigException(String field, String problem) {
    super(field == null ? problem : "'" + field + "': " + problem);
    this.field = field;
  }

  /** The dotted path of the offending field, or null for the document as a whole. */
  public String field() {
    return field;
  }
}

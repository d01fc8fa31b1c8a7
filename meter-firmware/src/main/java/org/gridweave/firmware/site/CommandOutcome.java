package org.gridweave.firmware.site;

/**
 * What a driver did with a command.
 *
 * @param applied true when the setpoints now hold
 * @param detail a sentence for the operator: what holds now, or why nothing changed
 */
public record CommandOutcome(boolean applied, String detail) {
  public CommandOutcome {
    if (detail == null || detail.isBlank()) {
      throw new IllegalArgumentException("a command outcome needs a detail sentence");
    }
  }

  public static CommandOutcome applied(String detail) {
    return new CommandOutcome(true, detail);
  }

  public static CommandOutcome refused(String detail) {
    return new CommandOutcome(false, detail);
  }
}

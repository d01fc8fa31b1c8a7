package org.gridweave.firmware.settlement;

/** A settlement announcement the meter cannot use; the message says what is wrong with it. */
public final class SettlementNoticeException extends Exception {
  public SettlementNoticeException(String message) {
    super(message);
  }
}

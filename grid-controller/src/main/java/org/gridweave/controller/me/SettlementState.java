package org.gridweave.controller.me;

import java.util.List;

/**
 * What the prosumer is told about an interval's settlement, from the statuses of its outbox parts
 * (as {@code GET /settlements/{interval}} says it): {@code settled} when every part is, {@code
 * failed} when one was refused, {@code pending} otherwise; {@code not built yet} before the
 * settlement pass built it.
 */
public final class SettlementState {
  private SettlementState() {}

  /**
   * @param partStatuses lower-case outbox statuses (pending, signed, settled, failed)
   */
  public static String of(List<String> partStatuses) {
    if (partStatuses.isEmpty()) {
      return "not built yet";
    }
    if (partStatuses.stream().allMatch("settled"::equals)) {
      return "settled";
    }
    if (partStatuses.contains("failed")) {
      return "failed";
    }
    return "pending";
  }
}

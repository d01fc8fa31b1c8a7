package org.gridweave.controller.access;

import java.util.Locale;

/** Who a console user is to the grid. */
public enum Role {
  /** Runs the grid: sees everything, changes limits, curtails, pauses the market. */
  OPERATOR,
  /** Sees every operator page; changes nothing. */
  VIEWER,
  /** Sees and acts on their own site only. */
  PROSUMER;

  /** The name used in {@code @RolesAllowed} and in the database. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Role parse(String text) {
    for (Role r : values()) {
      if (r.id().equals(text)) {
        return r;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + text + "': must be operator, viewer or prosumer");
  }
}

package org.gridweave.controller.grid;

import org.gridweave.core.id.FeederId;
import org.gridweave.core.unit.Watts;

/**
 * A feeder: a line from the substation with a thermal limit that holds in both directions (import
 * from the substation and reverse flow back into it).
 */
public record Feeder(FeederId id, Watts limit) {
  public Feeder {
    if (id == null) {
      throw new GridModelException("id", "is required");
    }
    if (limit == null || limit.value() <= 0) {
      throw new GridModelException("limit_kw", "must be above 0, was " + limit);
    }
  }
}

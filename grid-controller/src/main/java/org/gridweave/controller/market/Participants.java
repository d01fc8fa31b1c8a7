package org.gridweave.controller.market;

import java.util.Optional;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

/** Who may trade: the meters the market knows (in production: the grid model and the registry). */
public interface Participants {

  /**
   * @param renewable the site has PV or wind (renewable-only bids may buy from it)
   * @param revoked the meter's registration was revoked: its orders are refused
   */
  record Participant(
      MeterId meter, SiteId site, FeederId feeder, boolean renewable, boolean revoked) {}

  Optional<Participant> byMeter(MeterId meter);

  /** Many at once (closing a book); implementations backed by a database read them in one go. */
  default java.util.Map<MeterId, Participant> byMeters(java.util.Collection<MeterId> meters) {
    java.util.Map<MeterId, Participant> out = new java.util.HashMap<>();
    for (MeterId m : meters) {
      byMeter(m).ifPresent(p -> out.put(m, p));
    }
    return out;
  }
}

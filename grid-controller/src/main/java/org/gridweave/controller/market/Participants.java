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
}

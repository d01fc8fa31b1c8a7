package org.gridweave.controller.grid;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.unit.Watts;

/**
 * The neighbourhood: one substation transformer, its feeders and the sites on them. Immutable and
 * consistent once built: ids are unique, every site names an existing feeder, no meter serves two
 * sites. Reference errors name the offending field ({@code sites[2].feeder}).
 *
 * @param zone the grid's local time zone (flexible-load windows, time-of-use tariffs)
 */
public record GridModel(
    ZoneId zone, Watts transformerLimit, List<Feeder> feeders, List<Site> sites) {

  public GridModel {
    if (zone == null) {
      throw new GridModelException("zone", "is required");
    }
    if (transformerLimit == null || transformerLimit.value() <= 0) {
      throw new GridModelException(
          "transformer_limit_kw", "must be above 0, was " + transformerLimit);
    }
    feeders = List.copyOf(feeders);
    sites = List.copyOf(sites);
    if (feeders.isEmpty()) {
      throw new GridModelException("feeders", "a grid needs at least one feeder");
    }
    Set<FeederId> feederIds = new HashSet<>();
    for (int i = 0; i < feeders.size(); i++) {
      if (!feederIds.add(feeders.get(i).id())) {
        throw new GridModelException(
            "feeders[" + i + "].id", "feeder " + feeders.get(i).id() + " appears twice");
      }
    }
    Set<SiteId> siteIds = new HashSet<>();
    Map<String, SiteId> meters = new HashMap<>();
    for (int i = 0; i < sites.size(); i++) {
      Site s = sites.get(i);
      if (!siteIds.add(s.id())) {
        throw new GridModelException("sites[" + i + "].id", "site " + s.id() + " appears twice");
      }
      if (!feederIds.contains(s.feeder())) {
        throw new GridModelException(
            "sites[" + i + "].feeder", "unknown feeder " + s.feeder() + " (site " + s.id() + ")");
      }
      SiteId other = meters.putIfAbsent(s.meter().value(), s.id());
      if (other != null) {
        throw new GridModelException(
            "sites[" + i + "].meter",
            "meter " + s.meter() + " already measures site " + other + "; one meter per site");
      }
    }
  }

  /** The sites of each feeder, in the feeders' order; a feeder without sites maps to []. */
  public Map<FeederId, List<Site>> sitesByFeeder() {
    Map<FeederId, List<Site>> out = new LinkedHashMap<>();
    for (Feeder f : feeders) {
      out.put(f.id(), new ArrayList<>());
    }
    for (Site s : sites) {
      out.get(s.feeder()).add(s);
    }
    return out;
  }

  public Feeder feeder(FeederId id) {
    for (Feeder f : feeders) {
      if (f.id().equals(id)) {
        return f;
      }
    }
    throw new IllegalArgumentException("unknown feeder " + id);
  }
}

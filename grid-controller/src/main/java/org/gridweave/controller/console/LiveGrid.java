package org.gridweave.controller.console;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.gridweave.controller.grid.Feeder;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;

/**
 * The grid as the meters last reported it: the newest reading of every meter, and from it each
 * feeder's loading, the transformer's flow, generation by source and the batteries' state. Powers
 * the meter measures (import, export) are taken as they are; PV, wind and battery powers are the
 * increase of their energy counters between a meter's two newest readings. A meter silent for
 * longer than {@code offlineAfter} is stale: shown with its last values, left out of the sums. Not
 * thread-safe.
 */
public final class LiveGrid {
  /** Counter deltas over a longer gap than this are not turned into a power. */
  private static final Duration MAX_RATE_GAP = Duration.ofMinutes(5);

  /** One sample of a meter, as stored by the gateway. Counters in Wh, powers in W. */
  public record Reading(
      String meter,
      Instant ts,
      double importW,
      double exportW,
      OptionalDouble pvWh,
      OptionalDouble windWh,
      OptionalDouble chargeWh,
      OptionalDouble dischargeWh,
      OptionalDouble socPct) {
    public Reading {
      Objects.requireNonNull(meter, "meter");
      Objects.requireNonNull(ts, "ts");
    }
  }

  /** A site now. Powers in W; {@code net} > 0 is import. */
  public record SiteNow(
      String site,
      String meter,
      String feeder,
      Instant ts,
      double importW,
      double exportW,
      double pvW,
      double windW,
      double chargeW,
      double dischargeW,
      OptionalDouble socPct,
      boolean stale) {
    public double netW() {
      return importW - exportW;
    }
  }

  /** A feeder now: net of its fresh sites, its limit, loading in % of the limit. */
  public record FeederNow(String id, double netW, double limitW, int sites, int stale) {
    public double pct() {
      return Math.abs(netW) / limitW * 100.0;
    }

    public boolean overloaded() {
      return Math.abs(netW) > limitW;
    }
  }

  /** Everything the overview shows. {@code sites} holds only sites that have reported. */
  public record Snapshot(
      Instant at,
      double transformerNetW,
      double transformerLimitW,
      List<FeederNow> feeders,
      double pvW,
      double windW,
      int batterySites,
      OptionalDouble batterySocPct,
      double chargeW,
      double dischargeW,
      Map<String, SiteNow> sites) {
    public double importW() {
      return Math.max(0, transformerNetW);
    }

    public double exportW() {
      return Math.max(0, -transformerNetW);
    }

    public double transformerPct() {
      return Math.abs(transformerNetW) / transformerLimitW * 100.0;
    }

    /** The sites whose values differ from {@code before}'s (all of them when it is null). */
    public List<SiteNow> changedSince(Snapshot before) {
      if (before == null) {
        return List.copyOf(sites.values());
      }
      List<SiteNow> out = new ArrayList<>();
      for (SiteNow s : sites.values()) {
        if (!s.equals(before.sites.get(s.site()))) {
          out.add(s);
        }
      }
      return out;
    }
  }

  private record Pair(Reading newest, Reading previous) {}

  private final Map<String, Pair> meters = new HashMap<>();

  /** Takes a reading; an older or equal one than the meter's newest is ignored (late backfill). */
  public void apply(Reading r) {
    Pair p = meters.get(r.meter());
    if (p == null) {
      meters.put(r.meter(), new Pair(r, null));
    } else if (r.ts().isAfter(p.newest().ts())) {
      meters.put(r.meter(), new Pair(r, p.newest()));
    }
  }

  /** The meter's newest reading time, if any. */
  public java.util.Optional<Instant> lastSeen(String meter) {
    Pair p = meters.get(meter);
    return p == null ? java.util.Optional.empty() : java.util.Optional.of(p.newest().ts());
  }

  public Snapshot snapshot(GridModel grid, Instant now, Duration offlineAfter) {
    Map<String, SiteNow> sites = new LinkedHashMap<>();
    Map<String, double[]> feeder = new HashMap<>(); // net, sites, stale
    double pv = 0;
    double wind = 0;
    double charge = 0;
    double discharge = 0;
    double socSum = 0;
    int socSites = 0;
    for (Site s : grid.sites()) {
      double[] f = feeder.computeIfAbsent(s.feeder().value(), k -> new double[3]);
      f[1]++;
      Pair p = meters.get(s.meter().value());
      if (p == null) {
        continue;
      }
      Reading r = p.newest();
      boolean stale = Duration.between(r.ts(), now).compareTo(offlineAfter) > 0;
      SiteNow now1 =
          new SiteNow(
              s.id().value(),
              s.meter().value(),
              s.feeder().value(),
              r.ts(),
              r.importW(),
              r.exportW(),
              rate(p, Reading::pvWh),
              rate(p, Reading::windWh),
              rate(p, Reading::chargeWh),
              rate(p, Reading::dischargeWh),
              r.socPct(),
              stale);
      sites.put(now1.site(), now1);
      if (stale) {
        f[2]++;
        continue;
      }
      f[0] += now1.netW();
      pv += now1.pvW();
      wind += now1.windW();
      charge += now1.chargeW();
      discharge += now1.dischargeW();
      if (r.socPct().isPresent()) {
        socSum += r.socPct().getAsDouble();
        socSites++;
      }
    }
    List<FeederNow> feeders = new ArrayList<>();
    double total = 0;
    for (Feeder f : grid.feeders()) {
      double[] v = feeder.getOrDefault(f.id().value(), new double[3]);
      feeders.add(new FeederNow(f.id().value(), v[0], f.limit().value(), (int) v[1], (int) v[2]));
      total += v[0];
    }
    return new Snapshot(
        now,
        total,
        grid.transformerLimit().value(),
        feeders,
        pv,
        wind,
        socSites,
        socSites == 0 ? OptionalDouble.empty() : OptionalDouble.of(socSum / socSites),
        charge,
        discharge,
        sites);
  }

  /** W from the increase of a counter between the two newest readings; 0 when not measurable. */
  private static double rate(Pair p, java.util.function.Function<Reading, OptionalDouble> counter) {
    if (p.previous() == null) {
      return 0;
    }
    OptionalDouble a = counter.apply(p.previous());
    OptionalDouble b = counter.apply(p.newest());
    Duration gap = Duration.between(p.previous().ts(), p.newest().ts());
    if (a.isEmpty() || b.isEmpty() || gap.isZero() || gap.compareTo(MAX_RATE_GAP) > 0) {
      return 0;
    }
    double wh = b.getAsDouble() - a.getAsDouble();
    if (wh < 0) {
      return 0; // a counter reset (meter replaced): no power to report
    }
    return wh * 3600.0 / (gap.toMillis() / 1000.0);
  }
}

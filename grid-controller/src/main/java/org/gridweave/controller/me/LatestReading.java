package org.gridweave.controller.me;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A site's newest state in the shape of the live view's {@code sites[]} entries
 * (docs/console-api.md): powers from the newest sample, PV and wind power from the counter increase
 * since the sample before it.
 */
public final class LatestReading {
  private LatestReading() {}

  /** One stored sample of a meter; counters are cumulative Wh, {@code null} when not metered. */
  public record Sample(
      Instant ts, double importW, double exportW, Double pvWh, Double windWh, Double socPct) {}

  /**
   * @param previous the sample before {@code newest}, or {@code null}
   * @param offlineAfter older than this at {@code now}: {@code stale}
   */
  public static Map<String, Object> of(
      String site,
      String meter,
      String feeder,
      Sample newest,
      Sample previous,
      Instant now,
      Duration offlineAfter) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("site", site);
    out.put("meter", meter);
    out.put("feeder", feeder);
    out.put("net_w", newest.importW() - newest.exportW());
    out.put("import_w", newest.importW());
    out.put("export_w", newest.exportW());
    out.put(
        "pv_w", power(previous, newest, previous == null ? null : previous.pvWh(), newest.pvWh()));
    out.put(
        "wind_w",
        power(previous, newest, previous == null ? null : previous.windWh(), newest.windWh()));
    out.put("soc_pct", newest.socPct());
    out.put("ts", newest.ts().toString());
    out.put("stale", Duration.between(newest.ts(), now).compareTo(offlineAfter) > 0);
    return out;
  }

  /** Average power between two counter values (W); 0 when not metered or not measurable. */
  static double power(Sample before, Sample after, Double beforeWh, Double afterWh) {
    if (before == null || beforeWh == null || afterWh == null) {
      return 0;
    }
    double seconds = Duration.between(before.ts(), after.ts()).toMillis() / 1000.0;
    if (seconds <= 0) {
      return 0;
    }
    return Math.max(0, afterWh - beforeWh) * 3600.0 / seconds;
  }
}

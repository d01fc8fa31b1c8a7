package org.gridweave.controller.me;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A site's forecast for the prosumer's page: demand and generation (PV plus wind) at P10/P50/P90,
 * aligned on one list of intervals covering every known forecast; {@code null} where a forecast
 * does not reach. Generation sums its sources' quantiles (a conservative band, as the operator's
 * charts do) and is {@code null} at a step unless every source the site has covers it.
 */
public final class ForecastView {
  private ForecastView() {}

  /**
   * @param demand the site's demand forecast, if any
   * @param generation one entry per generation source the site has (empty when it has none)
   * @param step the dispatch interval (every forecast uses it)
   */
  public static Map<String, Object> of(
      Optional<Quantiles> demand, List<Optional<Quantiles>> generation, Duration step) {
    List<Quantiles> known =
        Stream.concat(demand.stream(), generation.stream().flatMap(Optional::stream)).toList();
    List<Instant> intervals = new ArrayList<>();
    if (!known.isEmpty()) {
      Instant first = known.stream().map(Quantiles::first).min(Comparator.naturalOrder()).get();
      Instant end = known.stream().map(Quantiles::end).max(Comparator.naturalOrder()).get();
      for (Instant t = first; t.isBefore(end); t = t.plus(step)) {
        intervals.add(t);
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("step_seconds", step.toSeconds());
    out.put("intervals", intervals.stream().map(Instant::toString).toList());
    out.put(
        "issued_at",
        known.stream()
            .map(Quantiles::issuedAt)
            .min(Comparator.naturalOrder())
            .map(Instant::toString)
            .orElse(null));
    out.put("demand", band(intervals, demand.map(List::of).orElse(List.of())));
    if (generation.isEmpty()) {
      out.put("generation", null);
    } else if (generation.stream().anyMatch(Optional::isEmpty)) {
      out.put("generation", band(intervals, List.of()));
    } else {
      out.put("generation", band(intervals, generation.stream().map(Optional::get).toList()));
    }
    return out;
  }

  /** The sum of the sources at each interval; all {@code null} when there is no source. */
  private static Map<String, List<Double>> band(List<Instant> intervals, List<Quantiles> sources) {
    List<Double> p10 = new ArrayList<>();
    List<Double> p50 = new ArrayList<>();
    List<Double> p90 = new ArrayList<>();
    for (Instant t : intervals) {
      double low = 0;
      double mid = 0;
      double high = 0;
      boolean covered = !sources.isEmpty();
      for (Quantiles q : sources) {
        int i = q.indexOf(t);
        if (i < 0) {
          covered = false;
          break;
        }
        low += q.p10()[i];
        mid += q.p50()[i];
        high += q.p90()[i];
      }
      p10.add(covered ? low : null);
      p50.add(covered ? mid : null);
      p90.add(covered ? high : null);
    }
    Map<String, List<Double>> out = new LinkedHashMap<>();
    out.put("p10", p10);
    out.put("p50", p50);
    out.put("p90", p90);
    return out;
  }
}

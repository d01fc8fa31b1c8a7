package org.gridweave.controller.me;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Energies per interval and column (Wh), summed over a site's meters and aligned on a fixed list of
 * intervals: {@code null} where nothing was measured. A negative increase (a meter's counter was
 * reset) counts as 0.
 */
public final class IntervalSeries {
  private final List<Instant> intervals;
  private final Map<Instant, Integer> index = new HashMap<>();
  private final Map<String, Double[]> columns = new LinkedHashMap<>();

  public IntervalSeries(List<Instant> intervals, List<String> columns) {
    this.intervals = List.copyOf(intervals);
    for (int i = 0; i < this.intervals.size(); i++) {
      index.put(this.intervals.get(i), i);
    }
    for (String c : columns) {
      this.columns.put(c, new Double[this.intervals.size()]);
    }
  }

  /** Adds one meter's energy; ignored outside the intervals or when {@code wh} is null. */
  public void add(Instant interval, String column, Double wh) {
    Integer i = index.get(interval);
    Double[] values = columns.get(column);
    if (values == null) {
      throw new IllegalArgumentException("unknown column " + column);
    }
    if (i == null || wh == null || !Double.isFinite(wh)) {
      return;
    }
    double v = Math.max(0, wh);
    values[i] = values[i] == null ? v : values[i] + v;
  }

  public List<Instant> intervals() {
    return intervals;
  }

  public List<Double> column(String name) {
    Double[] values = columns.get(name);
    if (values == null) {
      throw new IllegalArgumentException("unknown column " + name);
    }
    return new ArrayList<>(Arrays.asList(values));
  }
}

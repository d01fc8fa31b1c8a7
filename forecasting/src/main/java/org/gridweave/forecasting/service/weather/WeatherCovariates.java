package org.gridweave.forecasting.service.weather;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Weather on a target's time grid: each quantity interpolated linearly between the two forecast
 * points around a step's start when they are at most {@link #MAX_GAP} apart (hourly forecasts feed
 * 15-minute steps), missing otherwise. Only quantities present both in the history and in the
 * forecast horizon become covariates; one seen on one side only would teach the model nothing.
 */
public final class WeatherCovariates {
  public static final Duration MAX_GAP = Duration.ofHours(3);

  private final List<String> names;
  private final double[][] history;
  private final double[][] future;

  private WeatherCovariates(List<String> names, double[][] history, double[][] future) {
    this.names = names;
    this.history = history;
    this.future = future;
  }

  /**
   * @param points sorted by time
   * @param historyTimes step starts of the history rows
   * @param futureTimes step starts of the rows to forecast
   */
  public static WeatherCovariates of(
      List<WeatherPoint> points, List<Instant> historyTimes, List<Instant> futureTimes) {
    List<String> names = new ArrayList<>();
    List<double[]> h = new ArrayList<>();
    List<double[]> f = new ArrayList<>();
    for (int q = 0; q < WeatherPoint.COVARIATES.size(); q++) {
      double[] hv = onGrid(points, q, historyTimes);
      double[] fv = onGrid(points, q, futureTimes);
      if (anyValue(hv) && anyValue(fv)) {
        names.add(WeatherPoint.COVARIATES.get(q));
        h.add(hv);
        f.add(fv);
      }
    }
    return new WeatherCovariates(
        List.copyOf(names), h.toArray(double[][]::new), f.toArray(double[][]::new));
  }

  /** Merges an area's own points over the general ones: the area's win where both have a time. */
  public static List<WeatherPoint> merge(List<WeatherPoint> own, List<WeatherPoint> general) {
    java.util.TreeMap<Instant, WeatherPoint> byTime = new java.util.TreeMap<>();
    general.forEach(p -> byTime.put(p.time(), p));
    own.forEach(p -> byTime.put(p.time(), p));
    return List.copyOf(byTime.values());
  }

  public List<String> names() {
    return names;
  }

  /** {@code [row][covariate]} of the history rows. */
  public double[] historyRow(int row) {
    return column(history, row);
  }

  /** {@code [row][covariate]} of the future rows. */
  public double[] futureRow(int row) {
    return column(future, row);
  }

  private static double[] column(double[][] byCovariate, int row) {
    double[] out = new double[byCovariate.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = byCovariate[c][row];
    }
    return out;
  }

  static double[] onGrid(List<WeatherPoint> points, int quantity, List<Instant> times) {
    double[] out = new double[times.size()];
    List<WeatherPoint> known = new ArrayList<>();
    for (WeatherPoint p : points) {
      if (!Double.isNaN(p.values()[quantity])) {
        known.add(p);
      }
    }
    int j = 0;
    for (int i = 0; i < out.length; i++) {
      Instant t = times.get(i);
      while (j < known.size() && known.get(j).time().isBefore(t)) {
        j++;
      }
      out[i] = Double.NaN;
      if (j < known.size() && known.get(j).time().equals(t)) {
        out[i] = known.get(j).values()[quantity];
      } else if (j > 0 && j < known.size()) {
        WeatherPoint a = known.get(j - 1);
        WeatherPoint b = known.get(j);
        Duration gap = Duration.between(a.time(), b.time());
        if (gap.compareTo(MAX_GAP) <= 0) {
          double w = (double) Duration.between(a.time(), t).toMillis() / gap.toMillis();
          out[i] = interpolate(a.values()[quantity], b.values()[quantity], w, quantity == 3);
        }
      }
    }
    return out;
  }

  /** Linear, except the wind direction, which goes the short way round the circle. */
  static double interpolate(double a, double b, double w, boolean angle) {
    if (!angle) {
      return a + w * (b - a);
    }
    double d = ((b - a + 540) % 360) - 180;
    return ((a + w * d) % 360 + 360) % 360;
  }

  private static boolean anyValue(double[] v) {
    for (double d : v) {
      if (!Double.isNaN(d)) {
        return true;
      }
    }
    return false;
  }
}

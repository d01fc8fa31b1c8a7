package org.gridweave.simulations.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real generation as a fraction of capacity, hourly, from the GEFCom sets in {@code
 * ../shared/data}: PV from GEFCom2014's three solar farms, wind from GEFCom2012's seven wind farms.
 * Each is a set of complete hourly series ({@code site} = farm) on one UTC axis; a value is the
 * mean power of the hour ending at its timestamp, and {@link #fraction} interpolates linearly
 * between the hours' midpoints, wrapping around the series' span.
 *
 * <ul>
 *   <li>{@code gefcom2014-solar/train_power_until_2013-01.csv}: 2012-04-01 01:00 to 2013-02-01
 *       00:00 UTC (306 days), farms in Australia (solar noon ≈ 02:00 UTC, southern seasons).
 *   <li>{@code gefcom2012-wind/windpowermeasurements_training.csv}: the year 2010 (complete; the
 *       later years have the competition's evaluation holes).
 * </ul>
 */
public final class GefcomSeries {
  public static final String SOLAR_FOLDER = "gefcom2014-solar";
  public static final String WIND_FOLDER = "gefcom2012-wind";
  private static final DateTimeFormatter SOLAR_TS = DateTimeFormatter.ofPattern("yyyyMMdd HH:mm");
  private static final Map<Path, GefcomSeries> CACHE = new ConcurrentHashMap<>();

  private final List<double[]> sites;
  private final long firstEnd; // epoch second at which the first hour ends
  private final String name;

  private GefcomSeries(String name, List<double[]> sites, long firstEnd) {
    this.name = name;
    this.sites = List.copyOf(sites);
    this.firstEnd = firstEnd;
  }

  private static Path folder(Path home, String folder) {
    return home.toAbsolutePath()
        .normalize()
        .resolveSibling("shared")
        .resolve("data")
        .resolve(folder);
  }

  /** GEFCom2014 solar next to the project, if its folder is there (read once per JVM). */
  public static Optional<GefcomSeries> solar(Path home) {
    Path f = folder(home, SOLAR_FOLDER).resolve("train_power_until_2013-01.csv");
    return Files.isRegularFile(f)
        ? Optional.of(CACHE.computeIfAbsent(f, GefcomSeries::readSolar))
        : Optional.empty();
  }

  /** GEFCom2012 wind (2010) next to the project, if its folder is there (read once per JVM). */
  public static Optional<GefcomSeries> wind(Path home) {
    Path f = folder(home, WIND_FOLDER).resolve("windpowermeasurements_training.csv");
    return Files.isRegularFile(f)
        ? Optional.of(CACHE.computeIfAbsent(f, GefcomSeries::readWind))
        : Optional.empty();
  }

  static GefcomSeries readSolar(Path f) {
    List<List<Double>> zones = new ArrayList<>();
    long first = Long.MIN_VALUE;
    try (BufferedReader r = Files.newBufferedReader(f)) {
      r.readLine();
      String line;
      int row = 1;
      long previous = Long.MIN_VALUE;
      int previousZone = -1;
      while ((line = r.readLine()) != null) {
        row++;
        String[] c = line.split(",");
        int zone = Integer.parseInt(c[0].trim()) - 1;
        long t = LocalDateTime.parse(c[1].trim(), SOLAR_TS).toEpochSecond(ZoneOffset.UTC);
        while (zones.size() <= zone) {
          zones.add(new ArrayList<>());
        }
        if (zone == previousZone && t != previous + 3600) {
          throw new IllegalStateException(f + ":" + row + ": not the next hour after " + previous);
        }
        if (zone == 0 && zones.get(0).isEmpty()) {
          first = t;
        }
        zones.get(zone).add(Double.parseDouble(c[2].trim()));
        previous = t;
        previousZone = zone;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new GefcomSeries("gefcom2014", toArrays(zones), first);
  }

  static GefcomSeries readWind(Path f) {
    List<List<Double>> farms = new ArrayList<>();
    long first = Long.MIN_VALUE;
    DateTimeFormatter ts = DateTimeFormatter.ofPattern("yyyyMMddHH");
    try (BufferedReader r = Files.newBufferedReader(f)) {
      String header = r.readLine();
      int n = header.split(",").length - 2;
      for (int k = 0; k < n; k++) {
        farms.add(new ArrayList<>());
      }
      String line;
      long previous = Long.MIN_VALUE;
      int row = 1;
      while ((line = r.readLine()) != null) {
        row++;
        String[] c = line.replace("\"", "").split(",");
        if (!c[0].startsWith("2010")) {
          continue;
        }
        long t = LocalDateTime.parse(c[0].trim(), ts).toEpochSecond(ZoneOffset.UTC);
        if (previous != Long.MIN_VALUE && t != previous + 3600) {
          throw new IllegalStateException(f + ":" + row + ": not the next hour after " + previous);
        }
        if (first == Long.MIN_VALUE) {
          first = t + 3600;
        }
        for (int k = 0; k < n; k++) {
          farms.get(k).add(Double.parseDouble(c[k + 1].trim()));
        }
        previous = t;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (farms.isEmpty() || farms.getFirst().size() != 8760) {
      throw new IllegalStateException(f + ": expected the 8,760 hours of 2010");
    }
    return new GefcomSeries("gefcom2012", toArrays(farms), first);
  }

  private static List<double[]> toArrays(List<List<Double>> lists) {
    List<double[]> out = new ArrayList<>();
    for (List<Double> l : lists) {
      out.add(l.stream().mapToDouble(Double::doubleValue).toArray());
    }
    return out;
  }

  public String name() {
    return name;
  }

  public int sites() {
    return sites.size();
  }

  /** Hours in the series. */
  public int hours() {
    return sites.getFirst().length;
  }

  /** The first hour's midpoint, epoch second. */
  public long firstMid() {
    return firstEnd - 1800;
  }

  /**
   * The fraction of capacity of {@code site} at epoch second {@code t} on the series' own axis,
   * wrapped around its span, interpolated between hour midpoints, within [0, 1].
   */
  public double fraction(int site, double t) {
    double[] v = sites.get(Math.floorMod(site, sites.size()));
    double x = (t - firstMid()) / 3600.0;
    double span = v.length;
    x = ((x % span) + span) % span;
    int i = (int) Math.floor(x);
    double w = x - i;
    double a = v[i];
    double b = v[(i + 1) % v.length];
    return Math.max(0, Math.min(1, a + (b - a) * w));
  }

  /**
   * The hour of day (UTC, fractional) around which {@code site}'s mean daily curve is centred — the
   * farm's solar noon for PV.
   */
  public double centreHourUtc(int site) {
    double[] v = sites.get(Math.floorMod(site, sites.size()));
    double[] byHour = new double[24];
    long mid = firstMid();
    for (int i = 0; i < v.length; i++) {
      int hour = (int) Math.floorMod((mid + i * 3600L) / 3600, 24);
      byHour[hour] += v[i];
    }
    double sx = 0;
    double sy = 0;
    for (int hr = 0; hr < 24; hr++) {
      double angle = 2 * Math.PI * (hr + 0.5) / 24;
      sx += byHour[hr] * Math.cos(angle);
      sy += byHour[hr] * Math.sin(angle);
    }
    double angle = Math.atan2(sy, sx);
    return ((angle / (2 * Math.PI) * 24) % 24 + 24) % 24;
  }
}

package org.gridweave.simulations.profile;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The Low Carbon London households of {@code shared/data/london-smart-meters-lcl-2013}: one year
 * (2013) of half-hourly consumption each, as 365 × 48 kWh values. Missing half-hours take the value
 * of the same half-hour a day earlier (or 0 at the very start).
 */
public final class LondonDemand {
  public static final String FOLDER = "london-smart-meters-lcl-2013";
  public static final int HALF_HOURS = 365 * 48;
  private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final List<double[]> households;
  private final double[] annualKwh;

  private LondonDemand(List<double[]> households) {
    this.households = List.copyOf(households);
    this.annualKwh = new double[households.size()];
    for (int h = 0; h < households.size(); h++) {
      double s = 0;
      for (double v : households.get(h)) {
        s += v;
      }
      annualKwh[h] = s;
    }
  }

  /** The data folder next to the project ({@code <home>/../shared/data/...}), if it is there. */
  public static Optional<LondonDemand> find(Path home) {
    Path dir =
        home.toAbsolutePath().normalize().resolveSibling("shared").resolve("data").resolve(FOLDER);
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    return Optional.of(load(dir));
  }

  public static LondonDemand load(Path dir) {
    List<double[]> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).sorted().toList()) {
        double[] series = read(f);
        if (series != null) {
          out.add(series);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (out.isEmpty()) {
      throw new IllegalStateException("no usable household in " + dir);
    }
    return new LondonDemand(out);
  }

  private static double[] read(Path f) throws IOException {
    double[] v = new double[HALF_HOURS];
    boolean[] seen = new boolean[HALF_HOURS];
    int count = 0;
    try (BufferedReader r = Files.newBufferedReader(f)) {
      r.readLine();
      String line;
      while ((line = r.readLine()) != null) {
        String[] c = line.split(",");
        if (c.length < 3 || c[2].isBlank() || c[2].trim().equals("Null")) {
          continue;
        }
        LocalDateTime t = LocalDateTime.parse(c[1].trim(), TS);
        if (t.getYear() != 2013) {
          continue;
        }
        int day = Math.min(364, t.getDayOfYear() - 1);
        int idx = day * 48 + t.getHour() * 2 + t.getMinute() / 30;
        v[idx] = Double.parseDouble(c[2].trim());
        seen[idx] = true;
        count++;
      }
    }
    if (count < HALF_HOURS / 2) {
      return null;
    }
    for (int i = 0; i < HALF_HOURS; i++) {
      if (!seen[i]) {
        v[i] = i >= 48 ? v[i - 48] : 0;
      }
    }
    return v;
  }

  public int households() {
    return households.size();
  }

  public double annualKwh(int household) {
    return annualKwh[household];
  }

  /** kWh in half-hour {@code index} (wrapped around the year) of a household. */
  public double halfHourKwh(int household, long index) {
    return households.get(household)[(int) Math.floorMod(index, (long) HALF_HOURS)];
  }
}

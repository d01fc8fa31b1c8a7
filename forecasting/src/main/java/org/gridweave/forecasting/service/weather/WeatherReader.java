package org.gridweave.forecasting.service.weather;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.gridweave.core.id.FeederId;

/**
 * Reads and validates weather uploads, JSON or CSV, into a {@link WeatherBatch}. Every refusal
 * names where: {@code points[3].temperature_c} in JSON, {@code line 4, column 'time'} in CSV.
 *
 * <p>JSON: {@code {"area": "f-1", "points": [{"time": "2026-03-01T12:00:00Z", "temperature_c": 8.5,
 * "irradiance_w_m2": 310, "wind_speed_m_s": 4.2, "wind_direction_deg": 225}]}}; {@code area} is
 * optional. CSV: a header line with {@code time} and any of the four quantity columns; the area
 * comes from the request. Times carry an offset ({@code Z} or {@code +01:00}). Each point needs at
 * least one quantity; empty cells and JSON nulls mean "not forecast".
 */
public final class WeatherReader {
  /** The most points one upload may carry (about a year of hourly values). */
  public static final int MAX_POINTS = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  private WeatherReader() {}

  public static WeatherBatch json(String body) {
    JsonNode root;
    try {
      root = JSON.readTree(body == null ? "" : body);
    } catch (JsonProcessingException e) {
      throw new InvalidWeather(
          null, "the body is not valid JSON: " + e.getOriginalMessage().split("\n")[0]);
    }
    if (root == null || !root.isObject()) {
      throw new InvalidWeather(null, "the body must be a JSON object with a 'points' array");
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String n = names.next();
      if (!n.equals("area") && !n.equals("points")) {
        throw new InvalidWeather(n, "unknown field '" + n + "' (known: area, points)");
      }
    }
    String area = area(root.hasNonNull("area") ? textOf(root.get("area"), "area") : null);
    JsonNode points = root.get("points");
    if (points == null || !points.isArray() || points.isEmpty()) {
      throw new InvalidWeather("points", "'points' must be a non-empty array");
    }
    if (points.size() > MAX_POINTS) {
      throw new InvalidWeather(
          "points", "at most " + MAX_POINTS + " points per upload, not " + points.size());
    }
    List<WeatherPoint> out = new ArrayList<>(points.size());
    for (int i = 0; i < points.size(); i++) {
      String where = "points[" + i + "]";
      JsonNode p = points.get(i);
      if (!p.isObject()) {
        throw new InvalidWeather(where, where + " must be an object");
      }
      for (Iterator<String> names = p.fieldNames(); names.hasNext(); ) {
        String n = names.next();
        if (!n.equals("time") && !WeatherPoint.FIELDS.contains(n)) {
          throw new InvalidWeather(
              where + "." + n,
              where + ": unknown field '" + n + "' (known: time, " + known() + ")");
        }
      }
      if (!p.hasNonNull("time")) {
        throw new InvalidWeather(where + ".time", where + ": 'time' is required");
      }
      Instant time = time(textOf(p.get("time"), where + ".time"), where + ".time", where);
      double[] v = new double[WeatherPoint.FIELDS.size()];
      for (int f = 0; f < v.length; f++) {
        String name = WeatherPoint.FIELDS.get(f);
        JsonNode n = p.get(name);
        if (n == null || n.isNull()) {
          v[f] = Double.NaN;
        } else if (!n.isNumber()) {
          throw new InvalidWeather(
              where + "." + name, where + ": '" + name + "' must be a number, not " + n);
        } else {
          v[f] = checked(n.doubleValue(), f, where + "." + name, where);
        }
      }
      out.add(point(time, v, where));
    }
    return new WeatherBatch(area, sorted(out, i -> "points[" + i + "]"));
  }

  public static WeatherBatch csv(String body, String area) {
    String a = area(area);
    List<WeatherPoint> out = new ArrayList<>();
    List<Long> lines = new ArrayList<>();
    CSVFormat format =
        CSVFormat.DEFAULT
            .builder()
            .setHeader()
            .setSkipHeaderRecord(true)
            .setTrim(true)
            .setIgnoreEmptyLines(true)
            .get();
    try (CSVParser parser = CSVParser.parse(new StringReader(body == null ? "" : body), format)) {
      List<String> header = parser.getHeaderNames();
      if (header.isEmpty()) {
        throw new InvalidWeather(null, "line 1: the CSV needs a header line");
      }
      if (!header.contains("time")) {
        throw new InvalidWeather("time", "line 1: the header has no 'time' column");
      }
      for (String h : header) {
        if (!h.equals("time") && !WeatherPoint.FIELDS.contains(h)) {
          throw new InvalidWeather(
              h, "line 1: unknown column '" + h + "' (known: time, " + known() + ")");
        }
      }
      for (CSVRecord r : parser) {
        long line = r.getRecordNumber() + 1;
        String where = "line " + line;
        if (out.size() >= MAX_POINTS) {
          throw new InvalidWeather(null, where + ": at most " + MAX_POINTS + " rows per upload");
        }
        if (!r.isConsistent()) {
          throw new InvalidWeather(
              null, where + ": " + r.size() + " cells, the header has " + header.size());
        }
        Instant time = time(r.get("time"), "time", where + ", column 'time'");
        double[] v = new double[WeatherPoint.FIELDS.size()];
        for (int f = 0; f < v.length; f++) {
          String name = WeatherPoint.FIELDS.get(f);
          String cell = r.isMapped(name) ? r.get(name) : "";
          if (cell.isEmpty()) {
            v[f] = Double.NaN;
            continue;
          }
          double d;
          try {
            d = Double.parseDouble(cell);
          } catch (NumberFormatException e) {
            throw new InvalidWeather(
                name, where + ", column '" + name + "': '" + cell + "' is not a number");
          }
          v[f] = checked(d, f, name, where + ", column '" + name + "'");
        }
        out.add(point(time, v, where));
        lines.add(line);
      }
    } catch (IOException | java.io.UncheckedIOException | IllegalArgumentException e) {
      if (e instanceof InvalidWeather w) {
        throw w;
      }
      throw new InvalidWeather(null, "the CSV cannot be read: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new InvalidWeather(null, "the CSV has no data rows");
    }
    return new WeatherBatch(a, sorted(out, i -> "line " + lines.get(i)));
  }

  private static String known() {
    return String.join(", ", WeatherPoint.FIELDS);
  }

  private static String textOf(JsonNode n, String field) {
    if (!n.isTextual()) {
      throw new InvalidWeather(field, "'" + field + "' must be a string, not " + n);
    }
    return n.asText();
  }

  private static String area(String area) {
    if (area == null || area.isBlank()) {
      return WeatherBatch.ALL;
    }
    if (!FeederId.isValid(area)) {
      throw new InvalidWeather(
          "area", "area '" + area + "' must be a feeder id or '" + WeatherBatch.ALL + "'");
    }
    return area;
  }

  private static Instant time(String text, String field, String where) {
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidWeather(
          field,
          where
              + ": time '"
              + text
              + "' must be ISO-8601 with an offset, e.g. 2026-03-01T12:00:00Z");
    }
  }

  private static double checked(double v, int f, String field, String where) {
    double[] range = WeatherPoint.RANGES[f];
    if (!Double.isFinite(v) || v < range[0] || v > range[1]) {
      throw new InvalidWeather(
          field,
          String.format(
              Locale.ROOT,
              "%s: %s = %s is outside %s..%s",
              where,
              WeatherPoint.FIELDS.get(f),
              v,
              fmt(range[0]),
              fmt(range[1])));
    }
    return v;
  }

  private static String fmt(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }

  private static WeatherPoint point(Instant time, double[] v, String where) {
    for (double d : v) {
      if (!Double.isNaN(d)) {
        return WeatherPoint.of(time, v);
      }
    }
    throw new InvalidWeather(
        null, where + ": no quantity given (at least one of " + known() + " is needed)");
  }

  private static List<WeatherPoint> sorted(
      List<WeatherPoint> points, java.util.function.IntFunction<String> where) {
    Set<Instant> seen = new HashSet<>();
    for (int i = 0; i < points.size(); i++) {
      if (!seen.add(points.get(i).time())) {
        throw new InvalidWeather(
            "time", where.apply(i) + ": time " + points.get(i).time() + " appears twice");
      }
    }
    List<WeatherPoint> copy = new ArrayList<>(points);
    copy.sort(java.util.Comparator.comparing(WeatherPoint::time));
    return copy;
  }
}

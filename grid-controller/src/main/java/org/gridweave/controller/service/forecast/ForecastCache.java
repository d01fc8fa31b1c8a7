package org.gridweave.controller.service.forecast;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.mqtt.ReceivingMqttMessageMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.gridweave.controller.dispatch.ForecastSource;
import org.gridweave.controller.dispatch.SiteForecast;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.SiteId;
import org.jboss.logging.Logger;

/**
 * The newest forecast of every target, as published (retained) by the forecasting service on {@code
 * gridweave/v1/forecasts/{target}}: {@code demand.meter.{meter}}, {@code pv.meter.{meter}}, {@code
 * wind.meter.{meter}} and the feeder aggregates. Payloads are checked (target, step, unit,
 * quantiles, rows); a bad one is logged with its reason and counted, and the previous forecast of
 * that target stays.
 */
@ApplicationScoped
public class ForecastCache {
  private static final Logger LOG = Logger.getLogger(ForecastCache.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One target's forecast: energy per step (Wh) at each quantile level. */
  record Series(
      Instant issuedAt, long firstStart, long stepSeconds, double[] levels, double[][] wh) {
    double at(int step, double level) {
      int best = 0;
      for (int q = 1; q < levels.length; q++) {
        if (Math.abs(levels[q] - level) < Math.abs(levels[best] - level)) {
          best = q;
        }
      }
      return wh[step][best];
    }

    int covering(Instant from, int steps) {
      long offset = from.getEpochSecond() - firstStart;
      if (offset < 0 || offset % stepSeconds != 0) {
        return -1;
      }
      int first = (int) (offset / stepSeconds);
      return first + steps <= wh.length ? first : -1;
    }
  }

  @Inject ControllerConfig config;

  /** A meter's forecast target as the forecasting service names it: {@code demand.meter.m-0001}. */
  public static String meterTarget(String kind, String meter) {
    return kind + ".meter." + meter;
  }

  /** When the forecast of a target was issued, or empty. */
  public Optional<Instant> issuedAt(String target) {
    return Optional.ofNullable(latest.get(target)).map(Series::issuedAt);
  }

  /** The P50 energy (Wh) of a target in the step starting at {@code start}, if forecast. */
  public Optional<Double> medianWh(String target, Instant start) {
    Series s = latest.get(target);
    if (s == null) {
      return Optional.empty();
    }
    int i = s.covering(start, 1);
    return i < 0 ? Optional.empty() : Optional.of(s.at(i, 0.5));
  }

  /** A target's newest forecast at the quantile levels nearest 10, 50 and 90 %, Wh per step. */
  public record Band(
      Instant issuedAt, Instant first, Duration step, double[] p10, double[] p50, double[] p90) {}

  /** The newest forecast of a target as a P10/P50/P90 band (the prosumer's page), if any. */
  public Optional<Band> band(String target) {
    Series s = latest.get(target);
    if (s == null) {
      return Optional.empty();
    }
    int n = s.wh().length;
    double[][] q = new double[3][n];
    for (int t = 0; t < n; t++) {
      q[0][t] = s.at(t, 0.1);
      q[1][t] = s.at(t, 0.5);
      q[2][t] = s.at(t, 0.9);
    }
    return Optional.of(
        new Band(
            s.issuedAt(),
            Instant.ofEpochSecond(s.firstStart()),
            Duration.ofSeconds(s.stepSeconds()),
            q[0],
            q[1],
            q[2]));
  }

  private final Map<String, Series> latest = new ConcurrentHashMap<>();
  private final AtomicLong refused = new AtomicLong();

  @Incoming("forecasts")
  public CompletionStage<Void> receive(Message<byte[]> message) {
    String topic =
        message.getMetadata(ReceivingMqttMessageMetadata.class).map(m -> m.getTopic()).orElse("?");
    try {
      accept(topic, new String(message.getPayload(), StandardCharsets.UTF_8));
    } catch (IllegalArgumentException e) {
      refused.incrementAndGet();
      LOG.warnf("forecast on %s refused: %s", topic, e.getMessage());
    }
    return message.ack();
  }

  /** Parses and stores one forecast; throws IllegalArgumentException saying what is wrong. */
  public void accept(String topic, String payload) {
    accept(topic, payload, config.interval());
  }

  void accept(String topic, String payload, Duration interval) {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String target = root.path("target").asText("");
    if (!target.matches("(demand|pv|wind)\\.(meter|feeder)\\.[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
      throw new IllegalArgumentException(
          "target '" + target + "' is not {demand|pv|wind}.{meter|feeder}.{id}");
    }
    if (!topic.endsWith("/" + target) && !topic.equals("?")) {
      throw new IllegalArgumentException("target " + target + " does not match the topic");
    }
    Duration step;
    try {
      step = Duration.parse(root.path("step").asText(""));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "step '" + root.path("step").asText() + "' is not an ISO duration");
    }
    if (!step.equals(interval)) {
      throw new IllegalArgumentException(
          "step " + step + " is not the dispatch interval " + interval);
    }
    if (!"Wh".equals(root.path("unit").asText())) {
      throw new IllegalArgumentException("unit must be Wh");
    }
    Instant issued = instant(root, "trained_at");
    JsonNode qs = root.path("quantiles");
    if (!qs.isArray() || qs.isEmpty()) {
      throw new IllegalArgumentException("quantiles missing");
    }
    double[] levels = new double[qs.size()];
    for (int q = 0; q < levels.length; q++) {
      levels[q] = qs.get(q).asDouble(Double.NaN);
      if (!(levels[q] > 0 && levels[q] < 1)) {
        throw new IllegalArgumentException("quantile " + qs.get(q) + " is not in (0, 1)");
      }
    }
    JsonNode rows = root.path("rows");
    if (!rows.isArray() || rows.isEmpty()) {
      throw new IllegalArgumentException("rows missing");
    }
    long first = instant(rows.get(0), "start").getEpochSecond();
    double[][] wh = new double[rows.size()][levels.length];
    for (int r = 0; r < rows.size(); r++) {
      JsonNode row = rows.get(r);
      long start = instant(row, "start").getEpochSecond();
      if (start != first + r * step.toSeconds()) {
        throw new IllegalArgumentException(
            "row " + r + " does not start one step after the previous");
      }
      JsonNode values = row.path("values");
      if (!values.isArray() || values.size() != levels.length) {
        throw new IllegalArgumentException("row " + r + " has not one value per quantile");
      }
      for (int q = 0; q < levels.length; q++) {
        double v = values.get(q).asDouble(Double.NaN);
        if (!Double.isFinite(v)) {
          throw new IllegalArgumentException("row " + r + " value " + q + " is not a number");
        }
        wh[r][q] = Math.max(0, v);
      }
    }
    latest.put(target, new Series(issued, first, step.toSeconds(), levels, wh));
    LOG.debugf(
        "forecast %s issued %s accepted (%d steps from %s)",
        target, issued, wh.length, Instant.ofEpochSecond(first));
  }

  private static Instant instant(JsonNode n, String field) {
    try {
      return Instant.parse(n.path(field).asText(""));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          field + " '" + n.path(field).asText() + "' is not an ISO instant");
    }
  }

  public long refusedCount() {
    return refused.get();
  }

  public int targets() {
    return latest.size();
  }

  /** The forecasts as the dispatch reads them, for one grid. */
  public ForecastSource forGrid(GridModel grid, double demandQuantile, double generationQuantile) {
    Map<SiteId, Site> sites = new java.util.HashMap<>();
    java.util.Set<FeederId> withPv = new java.util.HashSet<>();
    java.util.Set<FeederId> withWind = new java.util.HashSet<>();
    for (Site s : grid.sites()) {
      sites.put(s.id(), s);
      if (s.hasPv()) {
        withPv.add(s.feeder());
      }
      if (s.hasWind()) {
        withWind.add(s.feeder());
      }
    }
    return new ForecastSource() {
      @Override
      public Optional<Issued> site(SiteId id, Instant from, int steps) {
        Site site = sites.get(id);
        if (site == null) {
          return Optional.empty();
        }
        String meter = site.meter().value();
        Series demand = latest.get(meterTarget("demand", meter));
        Series pv = site.hasPv() ? latest.get(meterTarget("pv", meter)) : null;
        Series wind = site.hasWind() ? latest.get(meterTarget("wind", meter)) : null;
        if (demand == null || (site.hasPv() && pv == null) || (site.hasWind() && wind == null)) {
          return Optional.empty();
        }
        int d0 = demand.covering(from, steps);
        int p0 = pv == null ? 0 : pv.covering(from, steps);
        int w0 = wind == null ? 0 : wind.covering(from, steps);
        if (d0 < 0 || p0 < 0 || w0 < 0) {
          return Optional.empty();
        }
        double toKw = 3600.0 / demand.stepSeconds() / 1000.0;
        double[] d = new double[steps];
        double[] dLow = new double[steps];
        double[] dHigh = new double[steps];
        double[] p = new double[steps];
        double[] w = new double[steps];
        double[] gLow = new double[steps];
        double[] gHigh = new double[steps];
        Instant issued = demand.issuedAt();
        for (int t = 0; t < steps; t++) {
          d[t] = demand.at(d0 + t, 0.5) * toKw;
          dLow[t] = Math.min(d[t], demand.at(d0 + t, 1 - demandQuantile) * toKw);
          dHigh[t] = Math.max(d[t], demand.at(d0 + t, demandQuantile) * toKw);
          double gm = 0;
          double gl = 0;
          double gh = 0;
          if (pv != null) {
            p[t] = pv.at(p0 + t, 0.5) * toKw;
            gm += p[t];
            gl += pv.at(p0 + t, generationQuantile) * toKw;
            gh += pv.at(p0 + t, 1 - generationQuantile) * toKw;
          }
          if (wind != null) {
            w[t] = wind.at(w0 + t, 0.5) * toKw;
            gm += w[t];
            gl += wind.at(w0 + t, generationQuantile) * toKw;
            gh += wind.at(w0 + t, 1 - generationQuantile) * toKw;
          }
          gLow[t] = Math.min(gm, gl);
          gHigh[t] = Math.max(gm, gh);
        }
        if (pv != null && pv.issuedAt().isBefore(issued)) {
          issued = pv.issuedAt();
        }
        if (wind != null && wind.issuedAt().isBefore(issued)) {
          issued = wind.issuedAt();
        }
        return Optional.of(new Issued(issued, new SiteForecast(d, p, w, dLow, dHigh, gLow, gHigh)));
      }

      @Override
      public Optional<double[][]> feederMargins(FeederId feeder, Instant from, int steps) {
        Series demand = latest.get("demand.feeder." + feeder.value());
        if (demand == null || demand.covering(from, steps) < 0) {
          return Optional.empty();
        }
        Series pv = latest.get("pv.feeder." + feeder.value());
        Series wind = latest.get("wind.feeder." + feeder.value());
        // a margin without the generation's uncertainty would understate it: sum the sites' instead
        if (withPv.contains(feeder) && (pv == null || pv.covering(from, steps) < 0)) {
          return Optional.empty();
        }
        if (withWind.contains(feeder) && (wind == null || wind.covering(from, steps) < 0)) {
          return Optional.empty();
        }
        int d0 = demand.covering(from, steps);
        double toKw = 3600.0 / demand.stepSeconds() / 1000.0;
        double[][] m = new double[2][steps];
        for (int t = 0; t < steps; t++) {
          double d50 = demand.at(d0 + t, 0.5);
          m[0][t] = Math.max(0, demand.at(d0 + t, demandQuantile) - d50) * toKw;
          m[1][t] = Math.max(0, d50 - demand.at(d0 + t, 1 - demandQuantile)) * toKw;
          for (Series g :
              new Series[] {
                withPv.contains(feeder) ? pv : null, withWind.contains(feeder) ? wind : null
              }) {
            if (g != null) {
              int g0 = g.covering(from, steps);
              double g50 = g.at(g0 + t, 0.5);
              m[0][t] += Math.max(0, g50 - g.at(g0 + t, generationQuantile)) * toKw;
              m[1][t] += Math.max(0, g.at(g0 + t, 1 - generationQuantile) - g50) * toKw;
            }
          }
        }
        return Optional.of(m);
      }
    };
  }
}

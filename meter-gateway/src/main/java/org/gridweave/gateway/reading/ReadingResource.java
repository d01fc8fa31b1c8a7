package org.gridweave.gateway.reading;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.gridweave.core.id.MeterId;
import org.gridweave.gateway.GatewayConfig;
import org.gridweave.gateway.web.InvalidRequest;

/** A meter's readings and interval energy over a time range. */
@Path("/meters/{id}")
public class ReadingResource {
  private static final int MAX_ROWS = 100_000;
  @Inject Pool pool;
  @Inject GatewayConfig config;

  /** One stored sample. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ReadingView(
      Instant ts,
      long seq,
      boolean backfill,
      @JsonProperty("power_import_w") double powerImportW,
      @JsonProperty("power_export_w") double powerExportW,
      @JsonProperty("energy_import_wh") double energyImportWh,
      @JsonProperty("energy_export_wh") double energyExportWh,
      @JsonProperty("energy_pv_wh") Double energyPvWh,
      @JsonProperty("energy_wind_wh") Double energyWindWh,
      @JsonProperty("energy_battery_charge_wh") Double energyBatteryChargeWh,
      @JsonProperty("energy_battery_discharge_wh") Double energyBatteryDischargeWh,
      @JsonProperty("battery_soc_pct") Double batterySocPct,
      @JsonProperty("voltage_v") Double voltageV,
      @JsonProperty("frequency_hz") Double frequencyHz) {}

  /** Energy per interval, from the counters. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record IntervalView(
      Instant start,
      Instant end,
      int samples,
      @JsonProperty("import_wh") double importWh,
      @JsonProperty("export_wh") double exportWh,
      @JsonProperty("pv_wh") Double pvWh,
      @JsonProperty("wind_wh") Double windWh,
      @JsonProperty("battery_charge_wh") Double batteryChargeWh,
      @JsonProperty("battery_discharge_wh") Double batteryDischargeWh) {}

  @GET
  @Path("/readings")
  @Operation(summary = "Readings of a meter with from <= ts < to (ISO-8601 instants)")
  public Uni<List<ReadingView>> readings(
      @PathParam("id") String id,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") @DefaultValue("10000") int limit) {
    Range range = Range.of(meter(id), from, to, limit);
    return pool.preparedQuery(
            "SELECT ts, seq, backfill, power_import_w, power_export_w, energy_import_wh,"
                + " energy_export_wh, energy_pv_wh, energy_wind_wh, energy_battery_charge_wh,"
                + " energy_battery_discharge_wh, battery_soc_pct, voltage_v, frequency_hz FROM"
                + " reading WHERE meter_id = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4")
        .execute(range.tuple())
        .map(rows -> {
          List<ReadingView> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(
                new ReadingView(
                    r.getOffsetDateTime(0).toInstant(),
                    r.getLong(1),
                    r.getBoolean(2),
                    r.getDouble(3),
                    r.getDouble(4),
                    r.getDouble(5),
                    r.getDouble(6),
                    r.getDouble(7),
                    r.getDouble(8),
                    r.getDouble(9),
                    r.getDouble(10),
                    r.getDouble(11),
                    r.getDouble(12),
                    r.getDouble(13)));
          }
          return out;
        });
  }

  @GET
  @Path("/intervals")
  @Operation(summary = "Interval energy of a meter with from <= start < to")
  public Uni<List<IntervalView>> intervals(
      @PathParam("id") String id,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("limit") @DefaultValue("10000") int limit) {
    Range range = Range.of(meter(id), from, to, limit);
    // The window in the view needs the interval before 'from' to measure the first one exactly.
    Duration length = config.interval();
    return pool.preparedQuery(
            "SELECT interval_start, interval_end, samples, import_wh, export_wh, pv_wh, wind_wh,"
                + " battery_charge_wh, battery_discharge_wh FROM interval_energy WHERE meter_id ="
                + " $1 AND interval_seconds = $5 AND interval_start >= $2 AND interval_start < $3"
                + " ORDER BY interval_start LIMIT $4")
        .execute(range.tuple().addInteger((int) length.getSeconds()))
        .map(rows -> {
          List<IntervalView> out = new ArrayList<>();
          for (Row r : rows) {
            out.add(
                new IntervalView(
                    r.getOffsetDateTime(0).toInstant(),
                    r.getOffsetDateTime(1).toInstant(),
                    r.getInteger(2),
                    r.getDouble(3),
                    r.getDouble(4),
                    r.getDouble(5),
                    r.getDouble(6),
                    r.getDouble(7),
                    r.getDouble(8)));
          }
          return out;
        });
  }

  private static MeterId meter(String id) {
    try {
      return MeterId.of(id);
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest("id", e.getMessage());
    }
  }

  /** A validated query range. */
  record Range(MeterId meter, Instant from, Instant to, int limit) {
    static Range of(MeterId meter, String from, String to, int limit) {
      Instant f = instant("from", from, Instant.EPOCH);
      Instant t = instant("to", to, Instant.now().plus(Duration.ofDays(1)));
      if (!t.isAfter(f)) {
        throw new InvalidRequest("to", "'to' must be after 'from'");
      }
      if (limit < 1 || limit > MAX_ROWS) {
        throw new InvalidRequest("limit", "limit must be between 1 and " + MAX_ROWS);
      }
      return new Range(meter, f, t, limit);
    }

    Tuple tuple() {
      return Tuple.of(
          meter.value(),
          OffsetDateTime.ofInstant(from, ZoneOffset.UTC),
          OffsetDateTime.ofInstant(to, ZoneOffset.UTC),
          limit);
    }

    private static Instant instant(String name, String text, Instant fallback) {
      if (text == null || text.isBlank()) {
        return fallback;
      }
      try {
        return OffsetDateTime.parse(text).toInstant();
      } catch (DateTimeParseException e) {
        throw new InvalidRequest(
            name, "'" + name + "' must be an ISO-8601 instant such as 2026-11-25T10:00:00Z");
      }
    }
  }
}

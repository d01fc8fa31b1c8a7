package org.gridweave.controller.service.telemetry;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.gridweave.controller.dispatch.SiteState;
import org.gridweave.controller.dispatch.SiteStates;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.grid.Site;
import org.gridweave.core.id.SiteId;

/**
 * What the sites are now, read from the gateway's tables (validated, signed telemetry): the latest
 * battery state of charge, and each meter's energy over the last complete interval. Read once per
 * cycle ({@link #snapshot}); blocking, so call it from a worker thread.
 */
@ApplicationScoped
public class MeasuredStates {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject Pool pool;

  /** One meter's energy over an interval, kWh (counter increases). */
  public record IntervalEnergy(
      double importKwh,
      double exportKwh,
      double pvKwh,
      double windKwh,
      double chargeKwh,
      double dischargeKwh) {}

  /** The states of a grid's sites at {@code now}, plus their energy in the interval before it. */
  public Snapshot snapshot(GridModel grid, Instant intervalStart, Duration interval) {
    List<String> meters = grid.sites().stream().map(s -> s.meter().value()).toList();
    Map<String, Double> soc = new HashMap<>();
    for (Row r :
        pool.preparedQuery(
                "SELECT DISTINCT ON (meter_id) meter_id, battery_soc_pct FROM reading"
                    + " WHERE meter_id = ANY($1) AND ts > $2 AND battery_soc_pct IS NOT NULL"
                    + " ORDER BY meter_id, ts DESC")
            .execute(
                Tuple.of(
                    meters.toArray(new String[0]), at(intervalStart.minus(Duration.ofHours(1)))))
            .await()
            .atMost(TIMEOUT)) {
      soc.put(r.getString("meter_id"), r.getDouble("battery_soc_pct"));
    }
    Map<String, IntervalEnergy> energy = energies(meters, intervalStart.minus(interval), interval);
    return new Snapshot(grid, soc, energy, interval);
  }

  /** Energy per meter in the interval starting at {@code start}, from the gateway's counters. */
  public Map<String, IntervalEnergy> energies(
      List<String> meters, Instant start, Duration interval) {
    Map<String, IntervalEnergy> out = new HashMap<>();
    for (Row r :
        pool.preparedQuery(
                "SELECT c.meter_id,"
                    + " c.max_import_wh - COALESCE(p.max_import_wh, c.min_import_wh) AS imp,"
                    + " c.max_export_wh - COALESCE(p.max_export_wh, c.min_export_wh) AS exp,"
                    + " c.max_pv_wh - COALESCE(p.max_pv_wh, c.min_pv_wh) AS pv,"
                    + " c.max_wind_wh - COALESCE(p.max_wind_wh, c.min_wind_wh) AS wind,"
                    + " c.max_battery_charge_wh - COALESCE(p.max_battery_charge_wh, c.min_battery_charge_wh) AS ch,"
                    + " c.max_battery_discharge_wh - COALESCE(p.max_battery_discharge_wh, c.min_battery_discharge_wh) AS dis"
                    + " FROM interval_counters c LEFT JOIN interval_counters p ON p.meter_id = c.meter_id"
                    + " AND p.interval_seconds = c.interval_seconds AND p.interval_start = c.interval_start - make_interval(secs => c.interval_seconds)"
                    + " WHERE c.meter_id = ANY($1) AND c.interval_seconds = $2 AND c.interval_start = $3")
            .execute(Tuple.of(meters.toArray(new String[0]), (int) interval.toSeconds(), at(start)))
            .await()
            .atMost(TIMEOUT)) {
      out.put(
          r.getString("meter_id"),
          new IntervalEnergy(
              kwh(r, "imp"),
              kwh(r, "exp"),
              kwh(r, "pv"),
              kwh(r, "wind"),
              kwh(r, "ch"),
              kwh(r, "dis")));
    }
    return out;
  }

  private static double kwh(Row r, String column) {
    Double v = r.getDouble(column);
    return v == null ? 0 : Math.max(0, v / 1000.0);
  }

  private static OffsetDateTime at(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  /** A cycle's view of the sites; implements the dispatch's port. */
  public static final class Snapshot implements SiteStates {
    private final Map<SiteId, Site> sites = new HashMap<>();
    private final Map<String, Double> soc;
    private final Map<String, IntervalEnergy> energy;
    private final double hours;

    Snapshot(
        GridModel grid,
        Map<String, Double> soc,
        Map<String, IntervalEnergy> energy,
        Duration interval) {
      grid.sites().forEach(s -> sites.put(s.id(), s));
      this.soc = soc;
      this.energy = energy;
      this.hours = interval.toSeconds() / 3600.0;
    }

    @Override
    public SiteState state(SiteId id) {
      Site s = sites.get(id);
      if (s == null || s.battery().isEmpty()) {
        return SiteState.EMPTY;
      }
      Double pct = soc.get(s.meter().value());
      double capacity = s.battery().get().capacityKwh();
      // unknown state of charge: assume the lower bound (the plan then never counts on energy it
      // may not have)
      double kwh = pct == null ? s.battery().get().minEnergyKwh() : capacity * pct / 100.0;
      return new SiteState(kwh, 0);
    }

    @Override
    public Optional<Measured> lastMeasured(SiteId id) {
      Site s = sites.get(id);
      IntervalEnergy e = s == null ? null : energy.get(s.meter().value());
      if (e == null) {
        return Optional.empty();
      }
      double demand =
          e.importKwh()
              - e.exportKwh()
              + e.pvKwh()
              + e.windKwh()
              - e.chargeKwh()
              + e.dischargeKwh();
      return Optional.of(
          new Measured(Math.max(0, demand) / hours, e.pvKwh() / hours, e.windKwh() / hours));
    }
  }
}

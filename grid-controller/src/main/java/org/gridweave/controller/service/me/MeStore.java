package org.gridweave.controller.service.me;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.gridweave.controller.me.CsvZip;
import org.gridweave.controller.me.Erasure;
import org.gridweave.controller.me.IntervalSeries;
import org.gridweave.controller.me.LatestReading;
import org.gridweave.controller.me.SettlementState;

/**
 * A prosumer's own rows, read for {@code /me}: every query is keyed by the site (or its meters) the
 * caller's identity names. Blocking: call from worker threads.
 */
@ApplicationScoped
public class MeStore {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int READING_PAGE = 5000;

  @Inject Pool pool;

  /** An order of the site: its meter and status. */
  public record OwnOrder(String id, String meter, String status, String source) {}

  private static RowSet<Row> query(SqlClient client, String sql, Tuple args) {
    return client.preparedQuery(sql).execute(args).await().atMost(TIMEOUT);
  }

  private <T> List<T> list(String sql, Tuple args, Function<Row, T> row) {
    List<T> out = new ArrayList<>();
    for (Row r : query(pool, sql, args)) {
      out.add(row.apply(r));
    }
    return out;
  }

  /** The meters the gateway registered for the site (revoked ones too). */
  public List<String> registeredMeters(String site) {
    return list(
        "SELECT meter_id FROM public.meter WHERE site_id = $1 ORDER BY meter_id",
        Tuple.of(site),
        r -> r.getString("meter_id"));
  }

  /** Adds the meters' interval energies within {@code [from, to)} to the series. */
  public void energies(
      List<String> meters, Duration step, Instant from, Instant to, IntervalSeries into) {
    for (Row r :
        query(
            pool,
            "SELECT interval_start, import_wh, export_wh, pv_wh, wind_wh FROM public.interval_energy"
                + " WHERE meter_id = ANY($1) AND interval_seconds = $2 AND interval_start >= $3"
                + " AND interval_start < $4",
            Tuple.of(meters.toArray(String[]::new), (int) step.toSeconds(), at(from), at(to)))) {
      Instant t = r.getOffsetDateTime("interval_start").toInstant();
      into.add(t, "import_wh", r.getDouble("import_wh"));
      into.add(t, "export_wh", r.getDouble("export_wh"));
      into.add(t, "pv_wh", r.getDouble("pv_wh"));
      into.add(t, "wind_wh", r.getDouble("wind_wh"));
    }
  }

  /** The meter's newest sample and the one before it (either may be missing). */
  public List<LatestReading.Sample> newestSamples(String meter) {
    return list(
        "SELECT ts, power_import_w, power_export_w, energy_pv_wh, energy_wind_wh, battery_soc_pct"
            + " FROM public.reading WHERE meter_id = $1 ORDER BY ts DESC LIMIT 2",
        Tuple.of(meter),
        r ->
            new LatestReading.Sample(
                r.getOffsetDateTime("ts").toInstant(),
                r.getDouble("power_import_w"),
                r.getDouble("power_export_w"),
                r.getDouble("energy_pv_wh"),
                r.getDouble("energy_wind_wh"),
                r.getDouble("battery_soc_pct")));
  }

  public List<Map<String, Object>> setpoints(String site, int limit) {
    return list(
        "SELECT * FROM controller.command WHERE site_id = $1 ORDER BY interval_start DESC,"
            + " issued_at DESC LIMIT $2",
        Tuple.of(site, limit),
        r -> {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("id", r.getString("id"));
          o.put("meter", r.getString("meter_id"));
          o.put("interval_start", iso(r, "interval_start"));
          o.put("issued_at", iso(r, "issued_at"));
          o.put("expires_at", iso(r, "expires_at"));
          o.put("battery_charge_w", r.getDouble("battery_charge_w"));
          o.put("battery_discharge_w", r.getDouble("battery_discharge_w"));
          o.put("pv_curtail_pct", r.getDouble("pv_curtail_pct"));
          o.put("flex_defer_w", r.getDouble("flex_defer_w"));
          o.put("reason", r.getString("reason"));
          o.put("status", r.getString("status"));
          o.put("detail", r.getString("detail"));
          o.put("answered_at", iso(r, "answered_at"));
          return o;
        });
  }

  public List<Map<String, Object>> orders(String site, int limit) {
    return list(
        "SELECT * FROM controller.market_order WHERE site_id = $1 ORDER BY interval_start DESC,"
            + " submitted_at DESC LIMIT $2",
        Tuple.of(site, limit),
        MeStore::order);
  }

  static Map<String, Object> order(Row r) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("id", r.getString("id"));
    o.put("meter", r.getString("meter_id"));
    o.put("side", r.getString("side"));
    o.put("interval", iso(r, "interval_start"));
    o.put("energy_wh", r.getLong("energy_wh"));
    o.put("limit_price_per_kwh", r.getLong("limit_price_micros") / 1e6);
    o.put("local_only", r.getBoolean("local_only"));
    o.put("renewable_only", r.getBoolean("renewable_only"));
    o.put("submitted_at", iso(r, "submitted_at"));
    o.put("source", r.getString("source"));
    o.put("status", r.getString("status"));
    return o;
  }

  /** The order if it is the site's; empty for unknown ids and other sites' orders alike. */
  public Optional<OwnOrder> ownOrder(String id, String site) {
    return list(
            "SELECT id, meter_id, status, source FROM controller.market_order WHERE id = $1 AND"
                + " site_id = $2",
            Tuple.of(id, site),
            r ->
                new OwnOrder(
                    r.getString("id"),
                    r.getString("meter_id"),
                    r.getString("status"),
                    r.getString("source")))
        .stream()
        .findFirst();
  }

  /** The site's open orders placed by its default agent. */
  public List<OwnOrder> openAgentOrders(String site) {
    return list(
        "SELECT id, meter_id, status, source FROM controller.market_order WHERE site_id = $1 AND"
            + " status = 'open' AND source = 'agent'",
        Tuple.of(site),
        r ->
            new OwnOrder(
                r.getString("id"), r.getString("meter_id"), r.getString("status"), "agent"));
  }

  /** The site's trades, newest first, from its side; the counterparty is not named. */
  public List<Map<String, Object>> trades(String site, int limit) {
    return list(
        "SELECT * FROM controller.trade WHERE buyer_site = $1 OR seller_site = $1 ORDER BY"
            + " interval_start DESC, id LIMIT $2",
        Tuple.of(site, limit),
        r -> {
          boolean bought = site.equals(r.getString("buyer_site"));
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("id", r.getString("id"));
          o.put("interval", iso(r, "interval_start"));
          o.put("side", bought ? "bought" : "sold");
          o.put("wh", r.getLong("wh"));
          o.put("price_per_kwh", r.getLong("seller_price_micros") / 1e6);
          o.put("fee_micros", r.getLong("fee_micros"));
          o.put("paid_micros", bought ? r.getLong("buyer_pays_micros") : 0L);
          o.put("received_micros", bought ? 0L : r.getLong("seller_gets_micros"));
          o.put("metered_wh", r.getLong(bought ? "taken_wh" : "delivered_wh"));
          return o;
        });
  }

  public List<Map<String, Object>> statements(String site, int limit) {
    return list(
        "SELECT * FROM controller.statement WHERE site_id = $1 ORDER BY interval_start DESC LIMIT"
            + " $2",
        Tuple.of(site, limit),
        r -> {
          Map<String, Object> o = new LinkedHashMap<>();
          o.put("interval", iso(r, "interval_start"));
          for (int c = 0; c < r.size(); c++) {
            String name = r.getColumnName(c);
            if (!name.equals("interval_start") && !name.equals("site_id")) {
              o.put(name, r.getValue(c));
            }
          }
          return o;
        });
  }

  /** The intervals the site traded in, newest first, with their settlement's state. */
  public List<Map<String, Object>> settlements(String site, int limit) {
    Map<Instant, Map<String, Object>> out = new LinkedHashMap<>();
    for (Row r :
        query(
            pool,
            "SELECT interval_start, count(*) AS trades FROM controller.trade WHERE buyer_site = $1"
                + " OR seller_site = $1 GROUP BY interval_start ORDER BY interval_start DESC LIMIT"
                + " $2",
            Tuple.of(site, limit))) {
      Map<String, Object> o = new LinkedHashMap<>();
      Instant t = r.getOffsetDateTime("interval_start").toInstant();
      o.put("interval", t.toString());
      o.put("interval_id", t.getEpochSecond());
      o.put("trades", r.getLong("trades"));
      out.put(t, o);
    }
    if (out.isEmpty()) {
      return List.of();
    }
    Map<Instant, List<String>> statuses = new LinkedHashMap<>();
    Map<Instant, Row> last = new LinkedHashMap<>();
    for (Row r :
        query(
            pool,
            "SELECT interval_start, part, status, tx_hash, block, settled_at FROM"
                + " controller.settlement_part WHERE interval_start = ANY($1) ORDER BY"
                + " interval_start, part",
            Tuple.of(out.keySet().stream().map(MeStore::at).toArray(OffsetDateTime[]::new)))) {
      Instant t = r.getOffsetDateTime("interval_start").toInstant();
      statuses.computeIfAbsent(t, k -> new ArrayList<>()).add(r.getString("status"));
      last.put(t, r);
    }
    for (var e : out.entrySet()) {
      Row p = last.get(e.getKey());
      Map<String, Object> o = e.getValue();
      o.put("status", SettlementState.of(statuses.getOrDefault(e.getKey(), List.of())));
      o.put("tx_hash", p == null ? null : p.getString("tx_hash"));
      o.put("block", p == null ? null : p.getLong("block"));
      o.put("settled_at", p == null ? null : iso(p, "settled_at"));
    }
    return List.copyOf(out.values());
  }

  /** What blocks erasing the site, read on the erasure's own transaction. */
  public Erasure.Blockers blockers(SqlClient tx, String site, boolean settlementEnabled) {
    List<String> open = new ArrayList<>();
    for (Row r :
        query(
            tx,
            "SELECT id FROM controller.market_order WHERE site_id = $1 AND status = 'open' ORDER"
                + " BY interval_start, id",
            Tuple.of(site))) {
      open.add(r.getString("id"));
    }
    List<Instant> unsettled = new ArrayList<>();
    for (Row r :
        query(
            tx,
            "SELECT DISTINCT t.interval_start FROM controller.trade t LEFT JOIN controller.clearing"
                + " c ON c.interval_start = t.interval_start WHERE (t.buyer_site = $1 OR"
                + " t.seller_site = $1) AND (c.checked_at IS NULL OR EXISTS (SELECT 1 FROM"
                + " controller.settlement_part p WHERE p.interval_start = t.interval_start AND"
                + " p.status <> 'settled') OR ($2 AND NOT EXISTS (SELECT 1 FROM"
                + " controller.settlement_part p WHERE p.interval_start = t.interval_start)))"
                + " ORDER BY t.interval_start",
            Tuple.of(site, settlementEnabled))) {
      unsettled.add(r.getOffsetDateTime("interval_start").toInstant());
    }
    return new Erasure.Blockers(unsettled, open);
  }

  // ---- export ----------------------------------------------------------------------------

  /** Every reading of the meters, oldest first per meter, read a page at a time. */
  public CsvZip.Rows readingRows(List<String> meters) {
    return sink -> {
      for (String meter : meters) {
        OffsetDateTime after = at(Instant.EPOCH.minusSeconds(1));
        while (true) {
          RowSet<Row> page =
              query(
                  pool,
                  "SELECT ts, meter_id, seq, backfill, power_import_w, power_export_w,"
                      + " energy_import_wh, energy_export_wh, energy_pv_wh, energy_wind_wh,"
                      + " energy_battery_charge_wh, energy_battery_discharge_wh, battery_soc_pct,"
                      + " voltage_v, frequency_hz FROM public.reading WHERE meter_id = $1 AND ts >"
                      + " $2 ORDER BY ts LIMIT $3",
                  Tuple.of(meter, after, READING_PAGE));
          for (Row r : page) {
            if (!sink.accept(values(r))) {
              return;
            }
            after = r.getOffsetDateTime("ts");
          }
          if (page.size() < READING_PAGE) {
            break;
          }
        }
      }
    };
  }

  public static final List<String> READING_COLUMNS =
      List.of(
          "ts",
          "meter",
          "seq",
          "backfill",
          "power_import_w",
          "power_export_w",
          "energy_import_wh",
          "energy_export_wh",
          "energy_pv_wh",
          "energy_wind_wh",
          "energy_battery_charge_wh",
          "energy_battery_discharge_wh",
          "battery_soc_pct",
          "voltage_v",
          "frequency_hz");

  /** A table's rows for the export, oldest first, at most {@code max} + 1 of them. */
  public CsvZip.Rows rows(String sql, String site, long max) {
    return sink -> {
      for (Row r : query(pool, sql + " LIMIT $2", Tuple.of(site, max + 1))) {
        if (!sink.accept(values(r))) {
          return;
        }
      }
    };
  }

  private static List<Object> values(Row r) {
    List<Object> v = new ArrayList<>(r.size());
    for (int c = 0; c < r.size(); c++) {
      v.add(r.getValue(c));
    }
    return v;
  }

  private static String iso(Row r, String column) {
    OffsetDateTime t = r.getOffsetDateTime(column);
    return t == null ? null : t.toInstant().toString();
  }

  static OffsetDateTime at(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}

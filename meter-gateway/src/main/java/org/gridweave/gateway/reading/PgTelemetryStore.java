package org.gridweave.gateway.reading;

import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.Sample;
import org.gridweave.core.protocol.TelemetryMessage;
import org.gridweave.core.time.Interval;
import org.gridweave.gateway.ingest.AcceptedMessage;
import org.gridweave.gateway.ingest.Batch;
import org.gridweave.gateway.ingest.RejectedMessage;
import org.gridweave.gateway.ingest.ReplayedSequence;
import org.gridweave.gateway.ingest.StoreOutcome;
import org.gridweave.gateway.ingest.Stream;
import org.gridweave.gateway.ingest.TelemetryStore;

/**
 * Stores a batch in one transaction with the reactive PostgreSQL client: array parameters and
 * {@code unnest}, so a batch of thousands of readings costs a handful of statements (see
 * docs/adr/0005-ingest-storage.md for why this path bypasses Hibernate).
 */
@ApplicationScoped
public class PgTelemetryStore implements TelemetryStore {
  private static final String INSERT_MESSAGES =
      "INSERT INTO telemetry_message (meter_id, seq, site_id, backfill, first_ts, last_ts,"
          + " samples, firmware, signature, received_at) SELECT * FROM unnest($1::text[],"
          + " $2::int8[], $3::text[], $4::bool[], $5::timestamptz[], $6::timestamptz[],"
          + " $7::int4[], $8::text[], $9::bytea[], $10::timestamptz[]) ON CONFLICT DO NOTHING"
          + " RETURNING meter_id, seq";
  private static final String INSERT_READINGS =
      "INSERT INTO reading (meter_id, ts, seq, backfill, power_import_w, power_export_w,"
          + " energy_import_wh, energy_export_wh, energy_pv_wh, energy_wind_wh,"
          + " energy_battery_charge_wh, energy_battery_discharge_wh, battery_soc_pct, voltage_v,"
          + " frequency_hz) SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int8[],"
          + " $4::bool[], $5::float8[], $6::float8[], $7::float8[], $8::float8[], $9::float8[],"
          + " $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::float8[],"
          + " $15::float8[]) ON CONFLICT DO NOTHING";
  private static final String UPSERT_INTERVALS =
      "INSERT INTO interval_counters AS c (meter_id, interval_seconds, interval_start, samples,"
          + " first_ts, last_ts, min_import_wh, max_import_wh, min_export_wh, max_export_wh,"
          + " min_pv_wh, max_pv_wh, min_wind_wh, max_wind_wh, min_battery_charge_wh,"
          + " max_battery_charge_wh, min_battery_discharge_wh, max_battery_discharge_wh)"
          + " SELECT * FROM unnest($1::text[], $2::int4[], $3::timestamptz[], $4::int4[],"
          + " $5::timestamptz[], $6::timestamptz[], $7::float8[], $8::float8[], $9::float8[],"
          + " $10::float8[], $11::float8[], $12::float8[], $13::float8[], $14::float8[],"
          + " $15::float8[], $16::float8[], $17::float8[], $18::float8[])"
          + " ON CONFLICT (meter_id, interval_seconds, interval_start) DO UPDATE SET"
          + " samples = c.samples + EXCLUDED.samples,"
          + " first_ts = LEAST(c.first_ts, EXCLUDED.first_ts),"
          + " last_ts = GREATEST(c.last_ts, EXCLUDED.last_ts),"
          + " min_import_wh = LEAST(c.min_import_wh, EXCLUDED.min_import_wh),"
          + " max_import_wh = GREATEST(c.max_import_wh, EXCLUDED.max_import_wh),"
          + " min_export_wh = LEAST(c.min_export_wh, EXCLUDED.min_export_wh),"
          + " max_export_wh = GREATEST(c.max_export_wh, EXCLUDED.max_export_wh),"
          + " min_pv_wh = LEAST(c.min_pv_wh, EXCLUDED.min_pv_wh),"
          + " max_pv_wh = GREATEST(c.max_pv_wh, EXCLUDED.max_pv_wh),"
          + " min_wind_wh = LEAST(c.min_wind_wh, EXCLUDED.min_wind_wh),"
          + " max_wind_wh = GREATEST(c.max_wind_wh, EXCLUDED.max_wind_wh),"
          + " min_battery_charge_wh = LEAST(c.min_battery_charge_wh,"
          + " EXCLUDED.min_battery_charge_wh),"
          + " max_battery_charge_wh = GREATEST(c.max_battery_charge_wh,"
          + " EXCLUDED.max_battery_charge_wh),"
          + " min_battery_discharge_wh = LEAST(c.min_battery_discharge_wh,"
          + " EXCLUDED.min_battery_discharge_wh),"
          + " max_battery_discharge_wh = GREATEST(c.max_battery_discharge_wh,"
          + " EXCLUDED.max_battery_discharge_wh)";
  private static final String INSERT_REJECTIONS =
      "INSERT INTO rejection (id, received_at, topic, meter_id, seq, reason, message,"
          + " payload_prefix) SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::text[],"
          + " $4::text[], $5::int8[], $6::text[], $7::text[], $8::bytea[]) ON CONFLICT DO NOTHING";

  private static final Measurement[] COUNTERS = {
    Measurement.ENERGY_IMPORT,
    Measurement.ENERGY_EXPORT,
    Measurement.ENERGY_PV,
    Measurement.ENERGY_WIND,
    Measurement.ENERGY_BATTERY_CHARGE,
    Measurement.ENERGY_BATTERY_DISCHARGE
  };

  @Inject Pool pool;

  @Override
  public CompletionStage<StoreOutcome> store(Batch batch) {
    Map<String, AcceptedMessage> unique = new LinkedHashMap<>();
    List<AcceptedMessage> duplicates = new ArrayList<>();
    for (AcceptedMessage a : batch.accepted()) {
      if (unique.putIfAbsent(key(a.message()), a) != null) {
        duplicates.add(a);
      }
    }
    return pool.withTransaction(conn -> storeIn(conn, batch, unique, duplicates))
        .subscribeAsCompletionStage();
  }

  private Uni<StoreOutcome> storeIn(
      SqlConnection conn,
      Batch batch,
      Map<String, AcceptedMessage> unique,
      List<AcceptedMessage> duplicates) {
    Uni<Set<String>> inserted =
        unique.isEmpty()
            ? Uni.createFrom().item(Set.of())
            : conn.preparedQuery(INSERT_MESSAGES)
                .execute(messageColumns(unique.values()))
                .map(rows -> {
                  Set<String> keys = new HashSet<>();
                  for (Row r : rows) {
                    keys.add(r.getString(0) + "#" + r.getLong(1));
                  }
                  return keys;
                });
    return inserted.flatMap(keys -> {
      List<AcceptedMessage> fresh = new ArrayList<>();
      List<AcceptedMessage> replayed = new ArrayList<>(duplicates);
      for (var e : unique.entrySet()) {
        (keys.contains(e.getKey()) ? fresh : replayed).add(e.getValue());
      }
      List<RejectedMessage> rejections = new ArrayList<>(batch.rejected());
      replayed.forEach(d -> rejections.add(ReplayedSequence.of(d)));
      int samples = fresh.stream().mapToInt(a -> a.message().samples().size()).sum();
      List<Uni<Void>> writes = new ArrayList<>();
      if (!fresh.isEmpty()) {
        writes.add(
            conn.preparedQuery(INSERT_READINGS)
                .execute(readingColumns(fresh, samples))
                .replaceWithVoid());
        writes.add(
            conn.preparedQuery(UPSERT_INTERVALS)
                .execute(intervalColumns(fresh, batch.intervalLength()))
                .replaceWithVoid());
      }
      if (!rejections.isEmpty()) {
        writes.add(
            conn.preparedQuery(INSERT_REJECTIONS)
                .execute(rejectionColumns(rejections))
                .replaceWithVoid());
      }
      Uni<Void> all =
          writes.isEmpty()
              ? Uni.createFrom().voidItem()
              : Uni.join().all(writes).andFailFast().replaceWithVoid();
      return all.map(x -> new StoreOutcome(fresh.size(), samples, replayed));
    });
  }

  private static String key(TelemetryMessage m) {
    return m.meter().value() + "#" + m.sequence();
  }

  private static OffsetDateTime time(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Tuple messageColumns(java.util.Collection<AcceptedMessage> messages) {
    int n = messages.size();
    String[] meter = new String[n];
    Long[] seq = new Long[n];
    String[] site = new String[n];
    Boolean[] backfill = new Boolean[n];
    OffsetDateTime[] first = new OffsetDateTime[n];
    OffsetDateTime[] last = new OffsetDateTime[n];
    Integer[] count = new Integer[n];
    String[] firmware = new String[n];
    Buffer[] signature = new Buffer[n];
    OffsetDateTime[] received = new OffsetDateTime[n];
    int i = 0;
    for (AcceptedMessage a : messages) {
      TelemetryMessage m = a.message();
      meter[i] = m.meter().value();
      seq[i] = m.sequence();
      site[i] = m.site().value();
      backfill[i] = a.stream() == Stream.BACKFILL;
      first[i] = time(m.first().time());
      last[i] = time(m.last().time());
      count[i] = m.samples().size();
      firmware[i] = m.firmware();
      signature[i] = Buffer.buffer(m.signature());
      received[i] = time(a.receivedAt());
      i++;
    }
    return Tuple.from(
        new Object[] {
          meter, seq, site, backfill, first, last, count, firmware, signature, received
        });
  }

  private static Tuple readingColumns(List<AcceptedMessage> messages, int n) {
    String[] meter = new String[n];
    OffsetDateTime[] ts = new OffsetDateTime[n];
    Long[] seq = new Long[n];
    Boolean[] backfill = new Boolean[n];
    Measurement[] all = Measurement.values();
    Double[][] values = new Double[all.length][n];
    int i = 0;
    for (AcceptedMessage a : messages) {
      TelemetryMessage m = a.message();
      for (Sample s : m.samples()) {
        meter[i] = m.meter().value();
        ts[i] = time(s.time());
        seq[i] = m.sequence();
        backfill[i] = a.stream() == Stream.BACKFILL;
        for (Measurement x : all) {
          values[x.ordinal()][i] = s.has(x) ? s.value(x) : null;
        }
        i++;
      }
    }
    Object[] columns = new Object[4 + all.length];
    columns[0] = meter;
    columns[1] = ts;
    columns[2] = seq;
    columns[3] = backfill;
    for (Measurement x : all) {
      columns[4 + x.ordinal()] = values[x.ordinal()];
    }
    return Tuple.from(columns);
  }

  /** The counters of one meter in one interval, as seen in one batch. */
  private static final class IntervalAccumulator {
    final String meter;
    final Instant start;
    final double[] min = new double[COUNTERS.length];
    final double[] max = new double[COUNTERS.length];
    Instant first;
    Instant last;
    int samples;

    IntervalAccumulator(String meter, Instant start) {
      this.meter = meter;
      this.start = start;
      java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
      java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
    }

    void add(Sample s) {
      for (int c = 0; c < COUNTERS.length; c++) {
        if (s.has(COUNTERS[c])) {
          min[c] = Math.min(min[c], s.value(COUNTERS[c]));
          max[c] = Math.max(max[c], s.value(COUNTERS[c]));
        }
      }
      first = first == null || s.time().isBefore(first) ? s.time() : first;
      last = last == null || s.time().isAfter(last) ? s.time() : last;
      samples++;
    }
  }

  private record IntervalKey(String meter, Instant start) {}

  /** Aggregates per (meter, interval) in memory: one upserted row per key and batch. */
  private static Tuple intervalColumns(List<AcceptedMessage> messages, java.time.Duration length) {
    Map<IntervalKey, IntervalAccumulator> intervals = new LinkedHashMap<>();
    for (AcceptedMessage a : messages) {
      TelemetryMessage m = a.message();
      for (Sample s : m.samples()) {
        Instant start = Interval.containing(s.time(), length).start();
        intervals
            .computeIfAbsent(
                new IntervalKey(m.meter().value(), start),
                k -> new IntervalAccumulator(k.meter(), k.start()))
            .add(s);
      }
    }
    int n = intervals.size();
    String[] meter = new String[n];
    Integer[] seconds = new Integer[n];
    OffsetDateTime[] start = new OffsetDateTime[n];
    Integer[] samples = new Integer[n];
    OffsetDateTime[] first = new OffsetDateTime[n];
    OffsetDateTime[] last = new OffsetDateTime[n];
    Double[][] bounds = new Double[COUNTERS.length * 2][n];
    int i = 0;
    for (IntervalAccumulator x : intervals.values()) {
      meter[i] = x.meter;
      seconds[i] = (int) length.getSeconds();
      start[i] = time(x.start);
      samples[i] = x.samples;
      first[i] = time(x.first);
      last[i] = time(x.last);
      for (int c = 0; c < COUNTERS.length; c++) {
        bounds[2 * c][i] = Double.isInfinite(x.min[c]) ? null : x.min[c];
        bounds[2 * c + 1][i] = Double.isInfinite(x.max[c]) ? null : x.max[c];
      }
      i++;
    }
    Object[] columns = new Object[6 + bounds.length];
    columns[0] = meter;
    columns[1] = seconds;
    columns[2] = start;
    columns[3] = samples;
    columns[4] = first;
    columns[5] = last;
    System.arraycopy(bounds, 0, columns, 6, bounds.length);
    return Tuple.from(columns);
  }

  private static Tuple rejectionColumns(List<RejectedMessage> rejections) {
    int n = rejections.size();
    UUID[] id = new UUID[n];
    OffsetDateTime[] received = new OffsetDateTime[n];
    String[] topic = new String[n];
    String[] meter = new String[n];
    Long[] seq = new Long[n];
    String[] reason = new String[n];
    String[] text = new String[n];
    Buffer[] prefix = new Buffer[n];
    for (int i = 0; i < n; i++) {
      RejectedMessage r = rejections.get(i);
      id[i] = idOf(r);
      received[i] = time(r.receivedAt());
      topic[i] = r.topic();
      meter[i] = r.meter() == null ? null : r.meter().value();
      seq[i] = r.sequence() < 0 ? null : r.sequence();
      reason[i] = r.reason().name();
      text[i] = r.explanation();
      prefix[i] = Buffer.buffer(r.payloadPrefix());
    }
    return Tuple.from(new Object[] {id, received, topic, meter, seq, reason, text, prefix});
  }

  /** Stable across retries of the same batch, so a retried commit never doubles a rejection. */
  private static UUID idOf(RejectedMessage r) {
    byte[] topic = r.topic().getBytes(StandardCharsets.UTF_8);
    ByteBuffer b = ByteBuffer.allocate(topic.length + 32 + r.payloadPrefix().length);
    b.put(topic)
        .putLong(r.receivedAt().getEpochSecond())
        .putInt(r.receivedAt().getNano())
        .putLong(r.sequence())
        .putInt(r.reason().ordinal())
        .put(r.payloadPrefix());
    return UUID.nameUUIDFromBytes(b.array());
  }
}

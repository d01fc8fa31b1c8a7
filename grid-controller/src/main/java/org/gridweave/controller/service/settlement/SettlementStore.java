package org.gridweave.controller.service.settlement;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import org.gridweave.controller.settlement.IntervalBatch;
import org.gridweave.controller.settlement.SettlementOutbox;
import org.gridweave.core.id.SiteId;
import org.gridweave.settlement.Account;
import org.gridweave.settlement.CommitCall;
import org.gridweave.settlement.Hash32;

/**
 * Settlement's tables in PostgreSQL ({@code controller.settlement_*}): the contract's address, the
 * participants, and the outbox ({@link SettlementOutbox}). Every write is committed before the
 * method returns. Blocking: call from worker threads.
 */
@ApplicationScoped
public class SettlementStore implements SettlementOutbox {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject Pool pool;
  @Inject Clock clock;
  @Inject org.gridweave.controller.service.leader.LeaderGate leader;

  /** A stored row of the outbox, with what the REST view shows. */
  public record StoredPart(
      Instant interval,
      int part,
      int parts,
      String tradesRoot,
      String readingsRoot,
      int trades,
      Status status,
      Optional<String> txHash,
      OptionalLong block,
      Optional<String> error,
      Optional<Instant> settledAt) {}

  /** A participant row; {@code index} empty until the chain has registered the account. */
  public record StoredParticipant(SiteId site, Account account, OptionalLong index) {}

  private RowSet<Row> query(String sql, Tuple args) {
    return pool.preparedQuery(sql).execute(args).await().atMost(TIMEOUT);
  }

  private <T> List<T> list(String sql, Tuple args, Function<Row, T> row) {
    List<T> out = new ArrayList<>();
    for (Row r : query(sql, args)) {
      out.add(row.apply(r));
    }
    return out;
  }

  public Optional<String> contractAddress(long chainId) {
    return list(
            "SELECT address FROM controller.settlement_contract WHERE id = 1 AND chain_id = $1",
            Tuple.of(chainId),
            r -> r.getString("address"))
        .stream()
        .findFirst();
  }

  public void rememberContract(String address, long chainId) {
    pool.preparedQuery(
            "INSERT INTO controller.settlement_contract (id, address, chain_id, deployed_at)"
                + " VALUES (1, $1, $2, $3) ON CONFLICT (id) DO UPDATE SET address ="
                + " EXCLUDED.address, chain_id = EXCLUDED.chain_id, deployed_at ="
                + " EXCLUDED.deployed_at")
        .execute(Tuple.of(address, chainId, at(clock.instant())))
        .await()
        .atMost(TIMEOUT);
  }

  public Map<SiteId, StoredParticipant> participants() {
    Map<SiteId, StoredParticipant> out = new HashMap<>();
    for (StoredParticipant p :
        list(
            "SELECT * FROM controller.settlement_participant",
            Tuple.tuple(),
            SettlementStore::participant)) {
      out.put(p.site(), p);
    }
    return out;
  }

  /**
   * Stores a site's account unless it is registered on chain already.
   *
   * @return false when the site is registered (its account can no longer change)
   */
  public boolean putAccount(SiteId site, Account account) {
    return pool.preparedQuery(
                "INSERT INTO controller.settlement_participant (site_id, account) VALUES ($1, $2)"
                    + " ON CONFLICT (site_id) DO UPDATE SET account = EXCLUDED.account WHERE"
                    + " controller.settlement_participant.chain_index IS NULL")
            .execute(Tuple.of(site.value(), account.hex()))
            .await()
            .atMost(TIMEOUT)
            .rowCount()
        > 0;
  }

  public void registered(SiteId site, Account account, int index) {
    pool.preparedQuery(
            "INSERT INTO controller.settlement_participant (site_id, account, chain_index,"
                + " registered_at) VALUES ($1, $2, $3, $4) ON CONFLICT (site_id) DO UPDATE SET"
                + " account = EXCLUDED.account, chain_index = EXCLUDED.chain_index, registered_at"
                + " = EXCLUDED.registered_at")
        .execute(Tuple.of(site.value(), account.hex(), index, at(clock.instant())))
        .await()
        .atMost(TIMEOUT);
  }

  /** Checked intervals with trades that have no outbox rows yet, oldest first. */
  public List<Instant> intervalsToBuild(int limit) {
    return list(
        "SELECT c.interval_start FROM controller.clearing c WHERE c.checked_at IS NOT NULL AND"
            + " c.trades > 0 AND NOT EXISTS (SELECT 1 FROM controller.settlement_part p WHERE"
            + " p.interval_start = c.interval_start) ORDER BY c.interval_start LIMIT $1",
        Tuple.of(limit),
        r -> r.getOffsetDateTime("interval_start").toInstant());
  }

  public List<IntervalBatch.Trade> trades(Instant interval) {
    return list(
        "SELECT id, seller_site, buyer_site, wh, seller_price_micros FROM controller.trade WHERE"
            + " interval_start = $1 ORDER BY id",
        Tuple.of(at(interval)),
        r ->
            new IntervalBatch.Trade(
                r.getString("id"),
                SiteId.of(r.getString("seller_site")),
                SiteId.of(r.getString("buyer_site")),
                r.getLong("wh"),
                r.getLong("seller_price_micros")));
  }

  public List<IntervalBatch.Net> nets(Instant interval) {
    return list(
        "SELECT site_id, net_micros FROM controller.statement WHERE interval_start = $1 ORDER BY"
            + " site_id",
        Tuple.of(at(interval)),
        r -> new IntervalBatch.Net(SiteId.of(r.getString("site_id")), r.getLong("net_micros")));
  }

  /**
   * The signed telemetry messages of the traded sites that carry readings from the interval or its
   * closing boundary — what the delivery check's interval counters were built from.
   */
  public List<IntervalBatch.Reading> readings(Instant interval, Duration step, List<SiteId> sites) {
    return list(
        "SELECT meter_id, seq, signature FROM public.telemetry_message WHERE site_id = ANY($1) AND"
            + " last_ts >= $2 AND first_ts <= $3 ORDER BY meter_id, seq",
        Tuple.of(
            sites.stream().map(SiteId::value).toArray(String[]::new),
            at(interval),
            at(interval.plus(step))),
        SettlementStore::reading);
  }

  /** Stores an interval's parts; does nothing if the interval has rows already. */
  public void build(
      Instant interval, IntervalBatch batch, List<CommitCall> parts, int trades, long block) {
    List<Tuple> rows = new ArrayList<>();
    OffsetDateTime now = at(clock.instant());
    for (CommitCall c : parts) {
      rows.add(
          Tuple.from(
              new Object[] {
                at(interval),
                c.part(),
                c.parts(),
                batch.tradesRoot().hex(),
                batch.readingsRoot().hex(),
                trades,
                io.vertx.core.buffer.Buffer.buffer(c.encode()),
                now,
                block,
                leader.recordedEpoch()
              }));
    }
    List<Tuple> readings = new ArrayList<>();
    for (IntervalBatch.Reading r : batch.readings()) {
      readings.add(
          Tuple.of(
              at(interval),
              r.meterId(),
              r.seq(),
              io.vertx.core.buffer.Buffer.buffer(r.signature())));
    }
    // all parts and the readings they commit to, or nothing: an interval with rows counts as built
    pool.withTransaction(
            c -> {
              var stored =
                  leader
                      .fence(c, "settle")
                      .chain(() ->
                          c.preparedQuery(
                                  "INSERT INTO controller.settlement_part (interval_start, part,"
                                      + " parts, trades_root, readings_root, trades, calldata,"
                                      + " status, built_at, built_block, built_epoch) VALUES ($1,"
                                      + " $2, $3, $4, $5, $6, $7, 'pending', $8, $9, $10)"
                                      + " ON CONFLICT DO NOTHING")
                              .executeBatch(rows));
              if (readings.isEmpty()) {
                return stored;
              }
              return stored.chain(() ->
                  c.preparedQuery(
                          "INSERT INTO controller.settlement_reading (interval_start, meter_id,"
                              + " seq, signature) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                      .executeBatch(readings));
            })
        .await()
        .atMost(TIMEOUT);
  }

  /** The signed messages an interval's readings root commits to, as stored when it was built. */
  public List<IntervalBatch.Reading> committedReadings(Instant interval) {
    return list(
        "SELECT meter_id, seq, signature FROM controller.settlement_reading WHERE interval_start ="
            + " $1",
        Tuple.of(at(interval)),
        SettlementStore::reading);
  }

  /** The leaf hashes of committed messages whose content an erasure removed. */
  public List<Hash32> erasedReadingLeaves(Instant interval) {
    return list(
        "SELECT leaf FROM controller.settlement_reading_erased WHERE interval_start = $1",
        Tuple.of(at(interval)),
        r -> Hash32.of(r.getBuffer("leaf").getBytes()));
  }

  public List<StoredPart> parts(Instant interval) {
    return list(
        "SELECT * FROM controller.settlement_part WHERE interval_start = $1 ORDER BY part",
        Tuple.of(at(interval)),
        SettlementStore::stored);
  }

  public List<StoredPart> recent(int limit) {
    return list(
        "SELECT * FROM controller.settlement_part ORDER BY interval_start DESC, part LIMIT $1",
        Tuple.of(limit),
        SettlementStore::stored);
  }

  /** Puts a refused part back in line (an operator fixed the cause); whether it was refused. */
  public boolean retry(Instant interval) {
    return pool.preparedQuery(
                "UPDATE controller.settlement_part SET status = 'pending', nonce = NULL, tx_hash ="
                    + " NULL, signed_tx = NULL, error = NULL WHERE interval_start = $1 AND status"
                    + " = 'failed'")
            .execute(Tuple.of(at(interval)))
            .await()
            .atMost(TIMEOUT)
            .rowCount()
        > 0;
  }

  @Override
  public List<Part> open() {
    return list(
        "SELECT * FROM controller.settlement_part WHERE status <> 'settled' ORDER BY"
            + " interval_start, part",
        Tuple.tuple(),
        r -> {
          Long nonce = r.getLong("nonce");
          return new Part(
              r.getOffsetDateTime("interval_start").toEpochSecond(),
              r.getInteger("part"),
              r.getInteger("parts"),
              r.getBuffer("calldata").getBytes(),
              status(r),
              nonce == null ? OptionalLong.empty() : OptionalLong.of(nonce),
              Optional.ofNullable(r.getString("tx_hash")),
              Optional.ofNullable(r.getBuffer("signed_tx")).map(b -> b.getBytes()),
              Optional.ofNullable(r.getString("error")),
              r.getLong("built_block"));
        });
  }

  @Override
  public void signed(long intervalId, int part, long nonce, String txHash, byte[] signedTx) {
    query(
        "UPDATE controller.settlement_part SET status = 'signed', nonce = $3, tx_hash = $4,"
            + " signed_tx = $5 WHERE interval_start = $1 AND part = $2",
        Tuple.of(
            at(Instant.ofEpochSecond(intervalId)),
            part,
            nonce,
            txHash,
            io.vertx.core.buffer.Buffer.buffer(signedTx)));
  }

  @Override
  public void settled(
      long intervalId,
      int part,
      Optional<org.gridweave.controller.settlement.SettlementLedger.Inclusion> where) {
    query(
        "UPDATE controller.settlement_part SET status = 'settled', tx_hash = $3, block = $4,"
            + " error = $6, settled_at = $5 WHERE interval_start = $1 AND part = $2",
        Tuple.tuple()
            .addOffsetDateTime(at(Instant.ofEpochSecond(intervalId)))
            .addInteger(part)
            .addString(where.map(w -> w.txHash()).orElse(null))
            .addLong(where.map(w -> w.block()).orElse(null))
            .addOffsetDateTime(at(clock.instant()))
            .addString(
                where.isPresent()
                    ? null
                    : "settled on chain; the transaction that settled it was not found"));
  }

  /** The secret that keys site references on chain; created with the first call. */
  public byte[] siteRefKey() {
    byte[] fresh = new byte[32];
    new java.security.SecureRandom().nextBytes(fresh);
    // kept if there is one already: concurrent first calls all get the one that was written first
    List<byte[]> key =
        list(
            "UPDATE controller.settlement_contract SET site_ref_key = COALESCE(site_ref_key, $1)"
                + " WHERE id = 1 RETURNING site_ref_key",
            Tuple.of(io.vertx.core.buffer.Buffer.buffer(fresh)),
            r -> r.getBuffer("site_ref_key").getBytes());
    if (key.isEmpty()) {
      throw new IllegalStateException("no settlement contract is recorded yet");
    }
    return key.get(0);
  }

  /** Whether settlement has committed (or is committing) the interval: its statements are final. */
  public boolean isBuilt(Instant interval) {
    return query(
                "SELECT 1 FROM controller.settlement_part WHERE interval_start = $1 LIMIT 1",
                Tuple.of(at(interval)))
            .size()
        > 0;
  }

  /** The site that holds an account, if any. */
  public Optional<SiteId> siteOf(Account account) {
    return list(
            "SELECT site_id FROM controller.settlement_participant WHERE lower(account) ="
                + " lower($1)",
            Tuple.of(account.hex()),
            r -> SiteId.of(r.getString("site_id")))
        .stream()
        .findFirst();
  }

  @Override
  public void failed(long intervalId, int part, String reason) {
    query(
        "UPDATE controller.settlement_part SET status = 'failed', error = $3 WHERE"
            + " interval_start = $1 AND part = $2",
        Tuple.of(at(Instant.ofEpochSecond(intervalId)), part, reason));
  }

  private static Status status(Row r) {
    return Status.valueOf(r.getString("status").toUpperCase(java.util.Locale.ROOT));
  }

  private static StoredPart stored(Row r) {
    Long block = r.getLong("block");
    OffsetDateTime settledAt = r.getOffsetDateTime("settled_at");
    return new StoredPart(
        r.getOffsetDateTime("interval_start").toInstant(),
        r.getInteger("part"),
        r.getInteger("parts"),
        r.getString("trades_root"),
        r.getString("readings_root"),
        r.getInteger("trades"),
        status(r),
        Optional.ofNullable(r.getString("tx_hash")),
        block == null ? OptionalLong.empty() : OptionalLong.of(block),
        Optional.ofNullable(r.getString("error")),
        Optional.ofNullable(settledAt).map(OffsetDateTime::toInstant));
  }

  private static IntervalBatch.Reading reading(Row r) {
    return new IntervalBatch.Reading(
        r.getString("meter_id"), r.getLong("seq"), r.getBuffer("signature").getBytes());
  }

  private static StoredParticipant participant(Row r) {
    Integer index = r.getInteger("chain_index");
    return new StoredParticipant(
        SiteId.of(r.getString("site_id")),
        Account.fromHex(r.getString("account")),
        index == null ? OptionalLong.empty() : OptionalLong.of(index));
  }

  static OffsetDateTime at(Instant t) {
    return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
  }
}

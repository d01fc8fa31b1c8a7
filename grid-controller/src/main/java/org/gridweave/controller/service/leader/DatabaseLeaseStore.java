package org.gridweave.controller.service.leader;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;
import java.util.Iterator;
import org.gridweave.controller.leader.Lease;
import org.gridweave.controller.leader.LeaseStore;
import org.gridweave.controller.leader.LeaseStoreException;

/**
 * The lease as a row of {@code controller.leader_lease}: one conditional upsert takes or renews it,
 * judged and stamped by PostgreSQL's own {@code now()}, so the candidates' clocks never matter.
 * Blocking: each call waits at most {@code timeout}.
 */
public final class DatabaseLeaseStore implements LeaseStore {
  private static final String COLUMNS = "name, holder, epoch, acquired_at, renewed_at, expires_at";

  // A renewal keeps epoch and acquired_at; any other success (a free, expired or released lease)
  // is an acquisition: epoch + 1. Someone else's live lease is left alone and read back instead.
  private static final String ACQUIRE =
      "WITH attempt AS ("
          + " INSERT INTO controller.leader_lease AS l ("
          + COLUMNS
          + ") VALUES ($1, $2, 1, now(), now(), now() + make_interval(secs => $3))"
          + " ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder,"
          + " epoch = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at > now()"
          + " THEN l.epoch ELSE l.epoch + 1 END,"
          + " acquired_at = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at > now()"
          + " THEN l.acquired_at ELSE now() END,"
          + " renewed_at = now(), expires_at = EXCLUDED.expires_at"
          + " WHERE l.holder = EXCLUDED.holder OR l.expires_at <= now()"
          + " RETURNING l.name, l.holder, l.epoch, l.acquired_at, l.renewed_at, l.expires_at)"
          + " SELECT * FROM attempt UNION ALL SELECT "
          + COLUMNS
          + " FROM controller.leader_lease WHERE name = $1 AND NOT EXISTS (SELECT 1 FROM attempt)";

  private final Pool pool;
  private final Duration timeout;

  public DatabaseLeaseStore(Pool pool, Duration timeout) {
    this.pool = pool;
    this.timeout = timeout;
  }

  @Override
  public Lease tryAcquire(String name, String candidate, Duration duration) {
    try {
      Iterator<Row> rows =
          pool.preparedQuery(ACQUIRE)
              .execute(Tuple.of(name, candidate, duration.toMillis() / 1000.0))
              .await()
              .atMost(timeout)
              .iterator();
      if (rows.hasNext()) {
        return lease(rows.next());
      }
      // a concurrent first INSERT committed after this statement's snapshot: read it now
      RowSet<Row> again =
          pool.preparedQuery("SELECT " + COLUMNS + " FROM controller.leader_lease WHERE name = $1")
              .execute(Tuple.of(name))
              .await()
              .atMost(timeout);
      if (again.size() == 0) {
        throw new LeaseStoreException("the lease row " + name + " vanished while acquiring it");
      }
      return lease(again.iterator().next());
    } catch (LeaseStoreException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new LeaseStoreException("the database lease is out of reach: " + e.getMessage(), e);
    }
  }

  @Override
  public void release(String name, String holder, long epoch) {
    try {
      pool.preparedQuery(
              "UPDATE controller.leader_lease SET expires_at = now()"
                  + " WHERE name = $1 AND holder = $2 AND epoch = $3 AND expires_at > now()")
          .execute(Tuple.of(name, holder, epoch))
          .await()
          .atMost(timeout);
    } catch (RuntimeException e) {
      throw new LeaseStoreException("could not release the lease: " + e.getMessage(), e);
    }
  }

  private static Lease lease(Row r) {
    return new Lease(
        r.getString("name"),
        r.getString("holder"),
        r.getLong("epoch"),
        r.getOffsetDateTime("acquired_at").toInstant(),
        r.getOffsetDateTime("renewed_at").toInstant(),
        r.getOffsetDateTime("expires_at").toInstant());
  }
}

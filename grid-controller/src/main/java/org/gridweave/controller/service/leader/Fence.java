package org.gridweave.controller.service.leader;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.time.Duration;

/**
 * The fence ({@code controller.leader_fence}): the epoch of the newest leader of a lease. A new
 * leader {@linkplain #advance advances} it before it acts; a write that must happen once
 * {@linkplain #check checks} its epoch is still there inside its own transaction, {@code FOR
 * SHARE}, so an advance waits for writes in flight and every write of a former leader after it is
 * refused.
 */
public final class Fence {
  private final Pool pool;
  private final String name;
  private final Duration timeout;

  /**
   * @param name the fence's row, one per lease and mode ({@code database/gridweave-controller})
   */
  public Fence(Pool pool, String name, Duration timeout) {
    this.pool = pool;
    this.name = name;
    this.timeout = timeout;
  }

  public String name() {
    return name;
  }

  /**
   * Moves the fence to {@code epoch} for {@code holder} (blocking); false when a leader with a
   * higher epoch — or another holder at the same epoch — moved it already.
   */
  public boolean advance(long epoch, String holder) {
    return pool.preparedQuery(
                "INSERT INTO controller.leader_fence AS f (name, epoch, holder, since)"
                    + " VALUES ($1, $2, $3, now()) ON CONFLICT (name) DO UPDATE SET"
                    + " epoch = EXCLUDED.epoch, holder = EXCLUDED.holder,"
                    + " since = CASE WHEN f.epoch = EXCLUDED.epoch THEN f.since ELSE now() END"
                    + " WHERE f.epoch < EXCLUDED.epoch"
                    + " OR (f.epoch = EXCLUDED.epoch AND f.holder = EXCLUDED.holder)"
                    + " RETURNING epoch")
            .execute(Tuple.of(name, epoch, holder))
            .await()
            .atMost(timeout)
            .size()
        == 1;
  }

  /**
   * Within the caller's transaction {@code tx}: fails with {@link NotLeader} unless the fence is
   * still at {@code epoch}, and keeps it there until the transaction ends.
   *
   * @param what what the write does, for the refusal's message
   */
  public Uni<Void> check(SqlClient tx, long epoch, String holder, String what) {
    return tx.preparedQuery(
            "SELECT 1 FROM controller.leader_fence WHERE name = $1 AND epoch = $2 FOR SHARE")
        .execute(Tuple.of(name, epoch))
        .onItem()
        .transformToUni(rows ->
            rows.size() == 1
                ? Uni.createFrom().voidItem()
                : Uni.createFrom()
                    .failure(
                        new NotLeader(
                            "a newer leader moved the fence past epoch "
                                + epoch
                                + ": "
                                + holder
                                + " does not "
                                + what)));
  }
}

package org.gridweave.controller.service.web;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import java.time.Duration;
import java.util.function.Function;

/** One blocking database transaction on a worker thread: all of {@code work} or none of it. */
public final class Transactions {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Transactions() {}

  public static <T> T blocking(Pool pool, Function<SqlClient, T> work) {
    SqlConnection c = pool.getConnection().await().atMost(TIMEOUT);
    try {
      Transaction tx = c.begin().await().atMost(TIMEOUT);
      try {
        T out = work.apply(c);
        tx.commit().await().atMost(TIMEOUT);
        return out;
      } catch (RuntimeException e) {
        try {
          tx.rollback().await().atMost(TIMEOUT);
        } catch (RuntimeException ignored) {
          // the connection is closed below; the server rolls back
        }
        throw e;
      }
    } finally {
      c.close().await().atMost(TIMEOUT);
    }
  }
}

package org.gridweave.gateway.cluster;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.gridweave.gateway.peers.PeerDirectory;

/**
 * {@link PeerDirectory} on the {@code gateway_instance} table, with the database's {@code now()}.
 * Blocking: call it from a worker thread.
 */
@ApplicationScoped
public class PgPeerDirectory implements PeerDirectory {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  private static final String HEARTBEAT =
      "INSERT INTO gateway_instance (instance_id, heartbeat_at) VALUES ($1, now())"
          + " ON CONFLICT (instance_id) DO UPDATE SET heartbeat_at = now(), adopted_by = NULL,"
          + " adopted_until = NULL";
  private static final String CLAIM =
      "UPDATE gateway_instance SET adopted_by = $1,"
          + " adopted_until = now() + $3 * interval '1 millisecond'"
          + " WHERE instance_id <> $1 AND heartbeat_at < now() - $2 * interval '1 millisecond'"
          + " AND (adopted_by IS NULL OR adopted_by = $1 OR adopted_until < now())"
          + " RETURNING instance_id";
  private static final String RETIRED =
      "DELETE FROM gateway_instance WHERE instance_id = $2 AND adopted_by = $1";
  private static final String RELEASE =
      "UPDATE gateway_instance SET adopted_by = NULL, adopted_until = NULL"
          + " WHERE instance_id = $2 AND adopted_by = $1";

  @Inject Pool pool;

  @Override
  public void heartbeat(String self) {
    pool.preparedQuery(HEARTBEAT).execute(Tuple.of(self)).await().atMost(TIMEOUT);
  }

  @Override
  public List<String> claimStale(String self, Duration staleAfter, Duration claimFor) {
    List<String> claimed = new ArrayList<>();
    for (Row row :
        pool.preparedQuery(CLAIM)
            .execute(Tuple.of(self, staleAfter.toMillis(), claimFor.toMillis()))
            .await()
            .atMost(TIMEOUT)) {
      claimed.add(row.getString(0));
    }
    return claimed;
  }

  @Override
  public void retired(String self, String peer) {
    pool.preparedQuery(RETIRED).execute(Tuple.of(self, peer)).await().atMost(TIMEOUT);
  }

  @Override
  public void release(String self, String peer) {
    pool.preparedQuery(RELEASE).execute(Tuple.of(self, peer)).await().atMost(TIMEOUT);
  }
}

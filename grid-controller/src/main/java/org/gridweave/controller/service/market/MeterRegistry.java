package org.gridweave.controller.service.market;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.gridweave.core.crypto.MeterPublicKey;
import org.gridweave.core.id.MeterId;

/** The gateway's meter registry (its {@code meter} table): keys and revocations. Blocking. */
@ApplicationScoped
public class MeterRegistry {
  /** A registered meter's key and whether it was revoked. */
  public record Registered(MeterPublicKey key, boolean revoked) {}

  @Inject Pool pool;

  /** Which of these meters were revoked, in one query. */
  public java.util.Set<MeterId> revokedAmong(java.util.Collection<MeterId> meters) {
    java.util.Set<MeterId> out = new java.util.HashSet<>();
    for (Row r :
        pool.preparedQuery(
                "SELECT meter_id FROM meter WHERE meter_id = ANY($1) AND revoked_at IS NOT NULL")
            .execute(Tuple.of(meters.stream().map(MeterId::value).toArray(String[]::new)))
            .await()
            .atMost(Duration.ofSeconds(10))) {
      out.add(MeterId.of(r.getString("meter_id")));
    }
    return out;
  }

  public Optional<Registered> find(MeterId meter) {
    var rows =
        pool.preparedQuery("SELECT public_key, revoked_at FROM meter WHERE meter_id = $1")
            .execute(Tuple.of(meter.value()))
            .await()
            .atMost(Duration.ofSeconds(10));
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row r = rows.iterator().next();
    MeterPublicKey key;
    try {
      key = MeterPublicKey.parse(r.getString("public_key"));
    } catch (IllegalArgumentException e) {
      return Optional.of(new Registered(null, true));
    }
    return Optional.of(new Registered(key, r.getValue("revoked_at") != null));
  }
}

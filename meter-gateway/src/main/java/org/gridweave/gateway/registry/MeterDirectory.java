package org.gridweave.gateway.registry;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.gridweave.core.id.MeterId;

/**
 * The ingest path's in-memory view of the meter registry: lookups on every message must not wait
 * for the database. Refreshed from the registry table by the adapter and updated at once by local
 * registrations and revocations. Thread-safe.
 */
public final class MeterDirectory {
  private final Map<MeterId, MeterRegistration> byId = new ConcurrentHashMap<>();

  public Optional<MeterRegistration> find(MeterId meter) {
    return Optional.ofNullable(byId.get(meter));
  }

  public void put(MeterRegistration registration) {
    byId.put(registration.meter(), registration);
  }

  /**
   * Merges a snapshot of the registry. Registrations are never deleted and a revocation is final,
   * so a snapshot read before a local revocation can never undo it.
   */
  public void merge(Collection<MeterRegistration> snapshot) {
    for (MeterRegistration r : snapshot) {
      byId.merge(r.meter(), r, (old, fresh) -> old.isRevoked() && !fresh.isRevoked() ? old : fresh);
    }
  }

  public int size() {
    return byId.size();
  }
}

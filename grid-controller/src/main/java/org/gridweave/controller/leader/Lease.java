package org.gridweave.controller.leader;

import java.time.Instant;
import java.util.Objects;

/**
 * A leadership lease as its store holds it.
 *
 * @param name the lease's name (one per group of controllers)
 * @param holder the instance holding it (possibly one whose lease has expired)
 * @param epoch the fencing token: it grows with every acquisition, never with a renewal, so
 *     whatever a former holder writes with a lower epoch can be refused
 * @param acquiredAt when the holder acquired it (the store's clock)
 * @param renewedAt the holder's last renewal (the store's clock)
 * @param expiresAt when another instance may take it over (the store's clock)
 */
public record Lease(
    String name,
    String holder,
    long epoch,
    Instant acquiredAt,
    Instant renewedAt,
    Instant expiresAt) {
  public Lease {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(holder, "holder");
    Objects.requireNonNull(acquiredAt, "acquiredAt");
    Objects.requireNonNull(renewedAt, "renewedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (epoch < 1) {
      throw new IllegalArgumentException("a lease's epoch starts at 1, was " + epoch);
    }
  }

  public boolean heldBy(String instance) {
    return holder.equals(instance);
  }
}

package org.gridweave.controller.leader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The lease store's contract in memory, on its own clock (the store's, not the candidates'), with
 * switches for an unreachable store and a slow answer.
 */
final class FakeLeaseStore implements LeaseStore {
  private final Clock clock;
  private final Map<String, Lease> leases = new HashMap<>();
  private boolean down;
  private Runnable duringCall = () -> {};

  FakeLeaseStore(Clock clock) {
    this.clock = clock;
  }

  FakeLeaseStore down(boolean isDown) {
    this.down = isDown;
    return this;
  }

  /** Runs inside the next calls, e.g. to move the clock while the store "thinks". */
  FakeLeaseStore whileAnswering(Runnable r) {
    this.duringCall = r;
    return this;
  }

  Lease lease(String name) {
    return leases.get(name);
  }

  @Override
  public Lease tryAcquire(String name, String candidate, Duration duration) {
    duringCall.run();
    if (down) {
      throw new LeaseStoreException("the store is unreachable");
    }
    Instant now = clock.instant();
    Lease l = leases.get(name);
    if (l == null) {
      l = new Lease(name, candidate, 1, now, now, now.plus(duration));
    } else if (l.heldBy(candidate) && now.isBefore(l.expiresAt())) {
      l = new Lease(name, candidate, l.epoch(), l.acquiredAt(), now, now.plus(duration));
    } else if (!now.isBefore(l.expiresAt())) {
      l = new Lease(name, candidate, l.epoch() + 1, now, now, now.plus(duration));
    } else {
      return l;
    }
    leases.put(name, l);
    return l;
  }

  @Override
  public void release(String name, String holder, long epoch) {
    if (down) {
      throw new LeaseStoreException("the store is unreachable");
    }
    Lease l = leases.get(name);
    if (l != null && l.heldBy(holder) && l.epoch() == epoch) {
      Instant now = clock.instant();
      leases.put(name, new Lease(name, holder, epoch, l.acquiredAt(), l.renewedAt(), now));
    }
  }
}

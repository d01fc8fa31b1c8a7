package org.gridweave.controller.leader;

import java.time.Duration;

/**
 * Where the leadership lease lives (a database row, a Kubernetes Lease). The store decides, by its
 * own clock, whether a lease has expired, so clock skew between the candidates does not matter.
 *
 * <p>Implementations are called from one thread per {@link LeaderElector} at a time, may block (for
 * at most about the renewal period) and throw {@link LeaseStoreException} when they cannot answer;
 * they never throw for a lease held by someone else.
 */
public interface LeaseStore {

  /**
   * One atomic attempt to take or keep the lease: it succeeds when nobody holds it, when its lease
   * has expired, or when {@code candidate} holds it already (a renewal, which keeps the epoch). An
   * acquisition sets a new epoch, higher than every earlier one.
   *
   * @param duration how long the lease lasts from now (the store's now)
   * @return the lease after the attempt: held by {@code candidate} on success, else by whoever
   *     holds it
   */
  Lease tryAcquire(String name, String candidate, Duration duration);

  /**
   * Ends the lease now if {@code holder} still holds it at {@code epoch} (a clean shutdown, so the
   * next leader need not wait for the expiry); otherwise does nothing.
   */
  void release(String name, String holder, long epoch);
}

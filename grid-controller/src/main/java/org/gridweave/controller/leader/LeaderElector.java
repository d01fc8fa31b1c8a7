package org.gridweave.controller.leader;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Leader election on a {@link LeaseStore}: every {@link Timing#renewEvery()} the owner calls {@link
 * #tick()}, which acquires the lease (a follower) or renews it (the leader).
 *
 * <p><b>Stepping down before anyone else can take over.</b> A renewal attempt started at local time
 * {@code t} gives the store's expiry {@code ≥ t + leaseDuration} (the store stamps it with its own
 * clock after {@code t}), so this instance acts as leader only until {@code t + renewDeadline},
 * where {@code renewDeadline = leaseDuration − renewEvery}: {@link #isLeader()} turns false at that
 * moment by itself, even when no tick runs (a stuck thread, a store that does not answer). The
 * margin of one renewal period absorbs the difference between the clocks' rates and the time a
 * write started just before the deadline needs to land (writes are fenced anyway, see {@link
 * Lease#epoch()}).
 *
 * <p><b>Failover.</b> A leader that dies without releasing its lease is replaced within {@code
 * leaseDuration + renewEvery} of its last renewal: the lease expires, and a follower tries again at
 * most {@code renewEvery} later. A leader that shuts down cleanly releases it ({@link #release()}),
 * and a follower takes over at its next tick.
 *
 * <p>Thread-safety: {@link #tick()} and {@link #release()} are serialised; {@link #isLeader()},
 * {@link #epoch()} and {@link #status()} never block. Listeners run on the ticking thread, in
 * registration order, and must not throw.
 */
public final class LeaderElector {

  /** Told about changes of this instance's role. */
  public interface Listener {
    /** This instance leads from now on; its writes carry {@code epoch}. */
    void elected(long epoch);

    /** This instance stopped leading (it may have stopped acting earlier, at its deadline). */
    void deposed(long epoch, String why);
  }

  /**
   * How long a lease lasts and how often it is renewed (or a follower tries to take it).
   *
   * @param leaseDuration how long a lease lasts after each renewal
   * @param renewEvery the period between attempts; at most half the lease, so that a failed renewal
   *     is retried once before the leader must step down
   */
  public record Timing(Duration leaseDuration, Duration renewEvery) {
    public Timing {
      Objects.requireNonNull(leaseDuration, "leaseDuration");
      Objects.requireNonNull(renewEvery, "renewEvery");
      if (!renewEvery.isPositive()) {
        throw new IllegalArgumentException("renew-every must be positive, was " + renewEvery);
      }
      if (leaseDuration.compareTo(renewEvery.multipliedBy(2)) < 0) {
        throw new IllegalArgumentException(
            "lease-duration ("
                + leaseDuration
                + ") must be at least twice renew-every ("
                + renewEvery
                + "): the leader steps down one renewal period before its lease expires");
      }
      if (leaseDuration.toMillis() % 1000 != 0) {
        throw new IllegalArgumentException(
            "lease-duration must be whole seconds (a Kubernetes Lease counts seconds), was "
                + leaseDuration);
      }
    }

    /** How long after a renewal attempt started the leader may act without another one. */
    public Duration renewDeadline() {
      return leaseDuration.minus(renewEvery);
    }

    /** The longest time from a leader's death to a successor, if it does not release its lease. */
    public Duration failoverWithin() {
      return leaseDuration.plus(renewEvery);
    }
  }

  /** The current term of this instance as leader. */
  private record Term(long epoch, Instant deadline, Instant since) {}

  private final String name;
  private final String instance;
  private final LeaseStore store;
  private final Clock clock;
  private final Timing timing;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  private volatile Term term;
  private volatile Lease seen;
  private volatile String problem;

  /**
   * @param name the lease's name (shared by every candidate of the group)
   * @param instance this candidate's id, unique in the group
   */
  public LeaderElector(String name, String instance, LeaseStore store, Clock clock, Timing timing) {
    this.name = requireText(name, "lease name");
    this.instance = requireText(instance, "instance id");
    this.store = Objects.requireNonNull(store, "store");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.timing = Objects.requireNonNull(timing, "timing");
  }

  private static String requireText(String value, String what) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("the " + what + " must not be empty");
    }
    if (value.length() > 253) {
      throw new IllegalArgumentException(
          "the " + what + " must be at most 253 characters, was " + value.length());
    }
    return value;
  }

  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  public String instance() {
    return instance;
  }

  public String name() {
    return name;
  }

  public Timing timing() {
    return timing;
  }

  /** One attempt to acquire or renew the lease. */
  public synchronized LeaderStatus tick() {
    Instant attempt = clock.instant();
    Term current = term;
    if (current != null && !attempt.isBefore(current.deadline())) {
      depose(current, "the lease was not renewed before its deadline " + current.deadline());
      current = null;
    }
    Lease lease;
    try {
      lease = store.tryAcquire(name, instance, timing.leaseDuration());
    } catch (LeaseStoreException e) {
      problem = e.getMessage();
      if (current != null && !clock.instant().isBefore(current.deadline())) {
        depose(current, "the lease store did not answer before the deadline: " + e.getMessage());
      }
      return status();
    }
    seen = lease;
    problem = null;
    if (!lease.heldBy(instance)) {
      if (current != null) {
        depose(
            current, "the lease is held by " + lease.holder() + " (epoch " + lease.epoch() + ")");
      }
      return status();
    }
    if (current != null && current.epoch() != lease.epoch()) {
      depose(current, "the lease was lost and acquired again (epoch " + lease.epoch() + ")");
      current = null;
    }
    Instant deadline = attempt.plus(timing.renewDeadline());
    if (!clock.instant().isBefore(deadline)) {
      problem = "the store answered after the renewal deadline " + deadline;
      if (current != null) {
        depose(current, problem);
      }
      return status();
    }
    if (current == null) {
      term = new Term(lease.epoch(), deadline, lease.acquiredAt());
      for (Listener l : listeners) {
        l.elected(lease.epoch());
      }
    } else {
      term = new Term(current.epoch(), deadline, current.since());
    }
    return status();
  }

  private void depose(Term ended, String why) {
    term = null;
    for (Listener l : listeners) {
      l.deposed(ended.epoch(), why);
    }
  }

  /** Steps down and ends the lease in the store (a clean shutdown); idempotent. */
  public synchronized void release() {
    Term current = term;
    if (current == null) {
      return;
    }
    depose(current, "stepped down");
    store.release(name, instance, current.epoch());
  }

  /** Whether this instance may act as the leader now (false from its renewal deadline on). */
  public boolean isLeader() {
    Term t = term;
    return t != null && clock.instant().isBefore(t.deadline());
  }

  /** The epoch of this instance's current term; empty when it does not lead. */
  public Optional<Long> epoch() {
    Term t = term;
    return t != null && clock.instant().isBefore(t.deadline())
        ? Optional.of(t.epoch())
        : Optional.empty();
  }

  public LeaderStatus status() {
    Lease lease = seen;
    boolean leader = isLeader();
    return new LeaderStatus(
        instance,
        leader,
        Optional.ofNullable(lease).map(Lease::holder).filter(h -> !h.isEmpty()),
        lease == null ? 0 : lease.epoch(),
        Optional.ofNullable(lease).map(Lease::acquiredAt),
        Optional.ofNullable(problem));
  }
}

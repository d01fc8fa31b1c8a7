package org.gridweave.controller.service.leader;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gridweave.controller.leader.Lease;
import org.gridweave.controller.leader.LeaseStore;
import org.gridweave.controller.leader.LeaseStoreException;

/**
 * The lease as a {@code coordination.k8s.io/v1} Lease, written with the API server's optimistic
 * concurrency: every change is a replace of the {@code resourceVersion} just read, so of two
 * candidates only one can win (the other gets 409 and reads the winner's lease).
 *
 * <p>Expiry, as Kubernetes' own elections judge it: a Lease whose {@code resourceVersion} this
 * instance has not seen change for {@code leaseDurationSeconds} <em>of its own clock</em> is
 * expired. Only durations measured on one clock are compared, never the timestamps another machine
 * wrote, so clock skew between the pods does not matter (the timestamps are informative). A
 * candidate's waiting starts when it first sees a version, so a newly started follower waits a
 * whole lease before it takes over.
 *
 * <p>The epoch is {@code leaseTransitions + 1}: this store counts every acquisition as a transition
 * (also a holder taking its own expired lease again), never a renewal.
 */
public final class KubernetesLeaseStore implements LeaseStore {
  private final KubernetesClient client;
  private final String namespace;
  private final Clock clock;

  /** Per lease: the newest resourceVersion seen and when it was first seen (local clock). */
  private final Map<String, Seen> seen = new ConcurrentHashMap<>();

  private record Seen(String version, Instant at) {}

  public KubernetesLeaseStore(KubernetesClient client, String namespace, Clock clock) {
    this.client = client;
    this.namespace = namespace;
    this.clock = clock;
  }

  public String namespace() {
    return namespace;
  }

  @Override
  public Lease tryAcquire(String name, String candidate, Duration duration) {
    Instant now = clock.instant();
    try {
      var current = client.leases().inNamespace(namespace).withName(name).get();
      if (current == null) {
        var created =
            client
                .leases()
                .inNamespace(namespace)
                .resource(
                    new LeaseBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(namespace)
                        .endMetadata()
                        .withSpec(spec(candidate, duration, now, now, 0))
                        .build())
                .create();
        return view(created, observe(created, now).plus(duration));
      }
      Instant seenAt = observe(current, now);
      LeaseSpec spec = current.getSpec() == null ? new LeaseSpec() : current.getSpec();
      String holder = spec.getHolderIdentity();
      long seconds =
          spec.getLeaseDurationSeconds() == null
              ? duration.toSeconds()
              : spec.getLeaseDurationSeconds();
      Instant expires = seenAt.plusSeconds(seconds);
      boolean free = holder == null || holder.isEmpty() || !now.isBefore(expires);
      boolean renewal = candidate.equals(holder) && !free;
      if (!renewal && !free) {
        return view(current, expires);
      }
      int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
      current.setSpec(
          spec(
              candidate,
              duration,
              renewal && spec.getAcquireTime() != null ? spec.getAcquireTime().toInstant() : now,
              now,
              renewal ? transitions : transitions + 1));
      // the resourceVersion read above goes with the replace: 409 if anyone wrote in between
      var written = client.leases().inNamespace(namespace).resource(current).update();
      return view(written, observe(written, now).plus(duration));
    } catch (KubernetesClientException e) {
      if (e.getCode() == 409) {
        return readAfterConflict(name, now, duration);
      }
      throw new LeaseStoreException(
          "the Kubernetes Lease " + namespace + "/" + name + " is out of reach: " + e.getMessage(),
          e);
    }
  }

  /** Another candidate created or changed the Lease first: it holds it. */
  private Lease readAfterConflict(String name, Instant now, Duration duration) {
    try {
      var winner = client.leases().inNamespace(namespace).withName(name).get();
      if (winner == null) {
        throw new LeaseStoreException("the Lease " + namespace + "/" + name + " vanished");
      }
      return view(winner, observe(winner, now).plus(duration));
    } catch (KubernetesClientException e) {
      throw new LeaseStoreException(
          "the Kubernetes Lease " + namespace + "/" + name + " is out of reach: " + e.getMessage(),
          e);
    }
  }

  @Override
  public void release(String name, String holder, long epoch) {
    try {
      var current = client.leases().inNamespace(namespace).withName(name).get();
      if (current == null || current.getSpec() == null) {
        return;
      }
      LeaseSpec spec = current.getSpec();
      int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
      if (!holder.equals(spec.getHolderIdentity()) || transitions + 1 != epoch) {
        return;
      }
      spec.setHolderIdentity(""); // free: the next candidate takes it without waiting
      spec.setRenewTime(utc(clock.instant()));
      client.leases().inNamespace(namespace).resource(current).update();
    } catch (KubernetesClientException e) {
      throw new LeaseStoreException("could not release the Lease: " + e.getMessage(), e);
    }
  }

  /** Records the version's first sighting; returns when it was first seen. */
  private Instant observe(
      io.fabric8.kubernetes.api.model.coordination.v1.Lease lease, Instant now) {
    String version = lease.getMetadata().getResourceVersion();
    Seen s =
        seen.compute(
            lease.getMetadata().getName(),
            (k, old) ->
                old != null && old.version().equals(version) ? old : new Seen(version, now));
    return s.at();
  }

  private static LeaseSpec spec(
      String holder, Duration duration, Instant acquired, Instant renewed, int transitions) {
    LeaseSpec s = new LeaseSpec();
    s.setHolderIdentity(holder);
    s.setLeaseDurationSeconds((int) duration.toSeconds());
    s.setAcquireTime(utc(acquired));
    s.setRenewTime(utc(renewed));
    s.setLeaseTransitions(transitions);
    return s;
  }

  private static ZonedDateTime utc(Instant t) {
    return ZonedDateTime.ofInstant(t, ZoneOffset.UTC);
  }

  private static Lease view(
      io.fabric8.kubernetes.api.model.coordination.v1.Lease lease, Instant expires) {
    LeaseSpec spec = lease.getSpec();
    String holder = spec.getHolderIdentity() == null ? "" : spec.getHolderIdentity();
    int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
    Instant renewed = spec.getRenewTime() == null ? expires : spec.getRenewTime().toInstant();
    Instant acquired = spec.getAcquireTime() == null ? renewed : spec.getAcquireTime().toInstant();
    return new Lease(
        lease.getMetadata().getName(), holder, transitions + 1, acquired, renewed, expires);
  }
}

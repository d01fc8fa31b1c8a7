package org.gridweave.controller.service.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridweave.controller.leader.LeaderElector;
import org.gridweave.controller.leader.SettableClock;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes lease store against fabric8's mock API server in CRUD mode (it keeps objects and
 * their resourceVersions like an API server; no cluster exists here). The candidates' clocks are
 * moved by hand.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KubernetesLeaseStoreTest {
  private static final String NAMESPACE = "gridweave";
  private static final Instant T0 = Instant.parse("2026-11-26T12:00:00Z");
  private static final LeaderElector.Timing TIMING =
      new LeaderElector.Timing(Duration.ofSeconds(15), Duration.ofSeconds(5));
  private static final AtomicInteger LEASES = new AtomicInteger();

  static KubernetesClient client;

  private final SettableClock clockA = new SettableClock(T0);
  private final SettableClock clockB = new SettableClock(T0);
  private final SettableClock clockC = new SettableClock(T0);
  private final String lease = "gridweave-controller-" + LEASES.incrementAndGet();

  private LeaderElector candidate(String id, SettableClock clock) {
    return new LeaderElector(
        lease, id, new KubernetesLeaseStore(client, NAMESPACE, clock), clock, TIMING);
  }

  private LeaseSpec stored() {
    return client.leases().inNamespace(NAMESPACE).withName(lease).get().getSpec();
  }

  private void advance(Duration d) {
    clockA.advance(d);
    clockB.advance(d);
    clockC.advance(d);
  }

  @Test
  void theFirstCandidateCreatesTheLeaseAndLeadsTheOtherFollows() {
    LeaderElector a = candidate("a", clockA);
    LeaderElector b = candidate("b", clockB);

    a.tick();
    b.tick();

    assertThat(a.epoch()).contains(1L);
    assertThat(b.isLeader()).isFalse();
    assertThat(b.status().holder()).contains("a");
    LeaseSpec spec = stored();
    assertThat(spec.getHolderIdentity()).isEqualTo("a");
    assertThat(spec.getLeaseDurationSeconds()).isEqualTo(15);
    assertThat(spec.getLeaseTransitions()).isZero();
    assertThat(spec.getAcquireTime().toInstant()).isEqualTo(T0);
  }

  @Test
  void renewalsKeepTheEpochAndTheAcquireTimeAndMoveTheRenewTime() {
    LeaderElector a = candidate("a", clockA);
    LeaderElector b = candidate("b", clockB);
    a.tick();
    for (int i = 0; i < 6; i++) {
      advance(TIMING.renewEvery());
      b.tick();
      a.tick();
    }

    assertThat(a.epoch()).contains(1L);
    assertThat(b.isLeader()).as("30 s later: a renewed all along").isFalse();
    assertThat(stored().getAcquireTime().toInstant()).isEqualTo(T0);
    assertThat(stored().getRenewTime().toInstant()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void aFollowerTakesOverALeaseItHasNotSeenRenewedForItsDurationWithTheNextEpoch() {
    LeaderElector a = candidate("a", clockA);
    LeaderElector b = candidate("b", clockB);
    a.tick();
    b.tick(); // b sees version 1 at T0
    // a dies; b's own clock counts
    advance(Duration.ofSeconds(14));
    b.tick();
    assertThat(b.isLeader()).isFalse();

    advance(Duration.ofSeconds(1));
    b.tick();

    assertThat(b.epoch()).contains(2L);
    assertThat(stored().getHolderIdentity()).isEqualTo("b");
    assertThat(stored().getLeaseTransitions()).isEqualTo(1);
    a.tick();
    assertThat(a.isLeader()).isFalse();
    assertThat(a.status().holder()).contains("b");
  }

  @Test
  void aFollowerWhoseClockRunsAheadStillWaitsAWholeLeaseFromItsFirstSighting() {
    LeaderElector a = candidate("a", clockA);
    a.tick();
    clockB.advance(Duration.ofHours(1)); // the renewTime a wrote looks an hour old to b
    LeaderElector b = candidate("b", clockB);

    b.tick();
    assertThat(b.isLeader()).isFalse();
    advance(Duration.ofSeconds(10));
    a.tick();
    b.tick();

    assertThat(b.isLeader()).isFalse();
    assertThat(a.isLeader()).isTrue();
  }

  @Test
  void ofTwoFollowersRacingForAnExpiredLeaseExactlyOneWins() {
    LeaderElector a = candidate("a", clockA);
    LeaderElector b = candidate("b", clockB);
    LeaderElector c = candidate("c", clockC);
    a.tick();
    b.tick();
    c.tick();
    advance(Duration.ofSeconds(20));

    CompletableFuture.allOf(
            CompletableFuture.runAsync(b::tick), CompletableFuture.runAsync(c::tick))
        .join();

    assertThat(List.of(b.isLeader(), c.isLeader())).containsOnlyOnce(true);
    assertThat(stored().getLeaseTransitions()).isEqualTo(1);
    assertThat(b.status().holder()).isEqualTo(c.status().holder());
  }

  @Test
  void twoCandidatesCreatingTheLeaseAtOnceGetOneLeader() {
    LeaderElector b = candidate("b", clockB);
    LeaderElector c = candidate("c", clockC);

    CompletableFuture.allOf(
            CompletableFuture.runAsync(b::tick), CompletableFuture.runAsync(c::tick))
        .join();

    assertThat(List.of(b.isLeader(), c.isLeader())).containsOnlyOnce(true);
    assertThat(stored().getLeaseTransitions()).isZero();
  }

  @Test
  void theServerRefusesAWriteBasedOnAStaleVersionWhichIsWhatTheStoreReliesOn() {
    candidate("a", clockA).tick();
    var stale = client.leases().inNamespace(NAMESPACE).withName(lease).get();
    advance(Duration.ofSeconds(5));
    candidate("a", clockA).tick(); // a renewal: a new resourceVersion

    stale.getSpec().setHolderIdentity("intruder");

    assertThatThrownBy(() -> client.leases().inNamespace(NAMESPACE).resource(stale).update())
        .isInstanceOfSatisfying(
            KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    assertThat(stored().getHolderIdentity()).isEqualTo("a");
  }

  @Test
  void aReleasedLeaseIsTakenAtTheNextAttemptWithoutWaiting() {
    LeaderElector a = candidate("a", clockA);
    LeaderElector b = candidate("b", clockB);
    a.tick();
    b.tick();
    advance(Duration.ofSeconds(1));

    a.release();
    b.tick();

    assertThat(a.isLeader()).isFalse();
    assertThat(b.epoch()).contains(2L);
    assertThat(stored().getHolderIdentity()).isEqualTo("b");
  }
}

package org.gridweave.controller.service.leader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.gridweave.controller.leader.LeaderElector;
import org.gridweave.controller.service.schema.SchemaMigrator;
import org.gridweave.localinfra.Ports;
import org.gridweave.localinfra.database.EmbeddedPostgres;
import org.gridweave.servicesupport.BackgroundMigration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The database lease on a real PostgreSQL: two candidates, each on its own connection, compete for
 * one row; the database's clock decides when a lease has expired.
 */
class DatabaseLeaseTest {
  /** Long enough that an answer on a busy machine always comes before the renewal deadline. */
  private static final LeaderElector.Timing PATIENT =
      new LeaderElector.Timing(Duration.ofSeconds(60), Duration.ofSeconds(20));

  /** Short, for the test that waits for an expiry. */
  private static final LeaderElector.Timing SHORT =
      new LeaderElector.Timing(Duration.ofSeconds(6), Duration.ofSeconds(2));

  private static final AtomicInteger LEASES = new AtomicInteger();
  private static final long RUN = System.currentTimeMillis();

  private static EmbeddedPostgres postgres;
  private static Vertx vertx;
  private static Pool poolA;
  private static Pool poolB;

  @BeforeAll
  static void start() {
    postgres = EmbeddedPostgres.start(Path.of("target/leader-it-pg"), Ports.free());
    BackgroundMigration migration =
        new BackgroundMigration(
            postgres.reactiveUrl(),
            EmbeddedPostgres.USER,
            EmbeddedPostgres.PASSWORD,
            new BackgroundMigration.Target(
                "db/controller", SchemaMigrator.SCHEMA, "controller_schema_history", "controller"));
    migration.start();
    await().atMost(Duration.ofSeconds(60)).until(migration::migrated);
    migration.stop();
    vertx = Vertx.vertx();
    poolA = pool();
    poolB = pool();
    for (Pool p : List.of(poolA, poolB)) { // connected before any timing counts
      p.query("SELECT 1").execute().await().atMost(Duration.ofSeconds(30));
    }
  }

  private static Pool pool() {
    return PgBuilder.pool()
        .with(new PoolOptions().setMaxSize(1))
        .connectingTo(
            new PgConnectOptions()
                .setHost("127.0.0.1")
                .setPort(postgres.port())
                .setDatabase(EmbeddedPostgres.DATABASE)
                .setUser(EmbeddedPostgres.USER)
                .setPassword(EmbeddedPostgres.PASSWORD))
        .using(vertx)
        .build();
  }

  @AfterAll
  static void stop() {
    if (poolA != null) {
      poolA.closeAndAwait();
      poolB.closeAndAwait();
      vertx.closeAndAwait();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  private static LeaderElector candidate(String lease, String id, Pool pool, Clock clock) {
    return candidate(lease, id, pool, clock, PATIENT);
  }

  private static LeaderElector candidate(
      String lease, String id, Pool pool, Clock clock, LeaderElector.Timing timing) {
    return new LeaderElector(
        lease, id, new DatabaseLeaseStore(pool, Duration.ofSeconds(10)), clock, timing);
  }

  private static String freshLease() {
    // the data directory outlives a run: names unique to this run start at epoch 1
    return "lease-" + RUN + "-" + LEASES.incrementAndGet();
  }

  @Test
  void exactlyOneOfTwoSimultaneousCandidatesLeads() throws Exception {
    // threads of our own, with this test's class loader: the common pool's threads may carry
    // another test's (Quarkus) context class loader, and the reactive client's service lookup
    // then finds classes of the wrong loader
    java.util.concurrent.ExecutorService both =
        java.util.concurrent.Executors.newFixedThreadPool(2);
    try {
      runRounds(both);
    } finally {
      both.shutdownNow();
    }
  }

  private void runRounds(java.util.concurrent.ExecutorService both) {
    for (int round = 0; round < 20; round++) {
      String lease = freshLease();
      LeaderElector a = candidate(lease, "a", poolA, Clock.systemUTC());
      LeaderElector b = candidate(lease, "b", poolB, Clock.systemUTC());

      CompletableFuture.allOf(
              CompletableFuture.runAsync(a::tick, both), CompletableFuture.runAsync(b::tick, both))
          .join();

      assertThat(List.of(a.isLeader(), b.isLeader()))
          .as("round %d: %s / %s", round, a.status(), b.status())
          .containsOnlyOnce(true);
      assertThat(a.status().holder()).isEqualTo(b.status().holder());
      assertThat(a.status().epoch()).isEqualTo(1);
      assertThat(b.status().epoch()).isEqualTo(1);
    }
  }

  @Test
  void whenTheLeaderStopsRenewingTheOtherLeadsAfterTheExpiryWithTheNextEpoch() {
    String lease = freshLease();
    LeaderElector a = candidate(lease, "a", poolA, Clock.systemUTC(), SHORT);
    LeaderElector b = candidate(lease, "b", poolB, Clock.systemUTC(), SHORT);
    a.tick();
    b.tick();
    assertThat(a.epoch()).contains(1L);
    assertThat(b.isLeader()).isFalse();
    Fence fenceA = new Fence(poolA, "database/" + lease, Duration.ofSeconds(10));
    Fence fenceB = new Fence(poolB, "database/" + lease, Duration.ofSeconds(10));
    assertThat(fenceA.advance(1, "a")).isTrue();

    // a stops renewing (frozen, partitioned); b keeps trying
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> b.tick().leader());

    assertThat(a.isLeader()).as("a stopped acting at its deadline, before the expiry").isFalse();
    assertThat(b.epoch()).contains(2L);
    assertThat(b.status().holder()).contains("b");
    assertThat(fenceB.advance(2, "b")).isTrue();
    assertThatThrownBy(() -> fencedWrite(poolA, fenceA, 1, "a"))
        .isInstanceOf(NotLeader.class)
        .hasMessageContaining("a newer leader moved the fence past epoch 1");
    assertThat(fencedWrite(poolB, fenceB, 2, "b")).isEqualTo(1);
    assertThat(fenceA.advance(1, "a")).as("the fence never goes back").isFalse();

    a.tick();
    assertThat(a.status().holder()).contains("b");
    assertThat(a.isLeader()).isFalse();
  }

  /** Increments a counter behind the fence; returns the rows written. */
  private static int fencedWrite(Pool pool, Fence fence, long epoch, String holder) {
    return pool.withTransaction(c ->
            fence
                .check(c, epoch, holder, "write")
                .chain(() ->
                    c.preparedQuery(
                            "UPDATE controller.leader_fence SET since = since WHERE name = $1")
                        .execute(Tuple.of(fence.name()))))
        .await()
        .atMost(Duration.ofSeconds(10))
        .rowCount();
  }

  @Test
  void aReleasedLeaseIsTakenAtTheNextAttempt() {
    String lease = freshLease();
    LeaderElector a = candidate(lease, "a", poolA, Clock.systemUTC());
    LeaderElector b = candidate(lease, "b", poolB, Clock.systemUTC());
    a.tick();

    a.release();
    b.tick();

    assertThat(b.epoch()).contains(2L);
    assertThat(a.isLeader()).isFalse();
  }

  @Test
  void renewalsKeepTheEpochAndTheDatabaseClockJudgesExpiry() {
    String lease = freshLease();
    // b's clock is an hour ahead: it still cannot take a's live lease
    Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofHours(1));
    LeaderElector a = candidate(lease, "a", poolA, Clock.systemUTC());
    LeaderElector b = candidate(lease, "b", poolB, ahead);
    a.tick();
    a.tick();
    b.tick();

    assertThat(a.epoch()).contains(1L);
    assertThat(b.isLeader()).isFalse();
  }
}

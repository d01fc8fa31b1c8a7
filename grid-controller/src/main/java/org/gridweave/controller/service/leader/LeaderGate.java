package org.gridweave.controller.service.leader;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import org.gridweave.controller.leader.LeaderElector;
import org.gridweave.controller.leader.LeaderStatus;
import org.gridweave.controller.leader.LeaseStore;
import org.gridweave.controller.leader.LeaseStoreException;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.ControllerConfig.Leader.Mode;
import org.gridweave.controller.service.schema.SchemaMigrator;
import org.jboss.logging.Logger;

/**
 * Who acts: runs this instance's {@link LeaderElector} on the configured lease (every {@code
 * leader.renew-every}) and keeps the fence. An instance <em>acts</em> (dispatches, clears, checks
 * deliveries, settles, raises the watch's alarms) only while it leads <em>and</em> the fence
 * ({@code controller.leader_fence}) carries its epoch: a new leader advances the fence before it
 * acts, and every write that must happen once runs {@link #fence(SqlClient)} in its transaction, so
 * a former leader that still believes it leads (a frozen process, a partition) cannot write any
 * more.
 */
@ApplicationScoped
public class LeaderGate {
  private static final Logger LOG = Logger.getLogger(LeaderGate.class);
  private static final Pattern LEASE_NAME =
      Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

  @Inject ControllerConfig config;
  @Inject Pool pool;
  @Inject Clock clock;
  @Inject SchemaMigrator schema;
  @Inject KubernetesLeases kubernetes;

  private Mode mode;
  private String instance;
  private Fence fence;
  private LeaderElector elector;
  private Instant started;
  private volatile long fencedEpoch = -1;

  void start(@Observes StartupEvent event) {
    ControllerConfig.Leader c = config.leader();
    mode = c.mode();
    instance = c.instanceId().filter(s -> !s.isBlank()).orElseGet(LeaderGate::defaultInstanceId);
    started = clock.instant();
    String name = c.leaseName();
    if (name.length() > 253 || !LEASE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "gridweave.controller.leader.lease-name '"
              + name
              + "' is not a valid lease name (lower-case letters, digits, '-' and '.', at most 253)");
    }
    fence =
        new Fence(
            pool, mode.name().toLowerCase(java.util.Locale.ROOT) + "/" + name, c.renewEvery());
    if (mode == Mode.OFF) {
      LOG.infof("leader election off: %s always leads", instance);
      return;
    }
    LeaderElector.Timing timing;
    try {
      timing = new LeaderElector.Timing(c.leaseDuration(), c.renewEvery());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("gridweave.controller.leader: " + e.getMessage(), e);
    }
    LeaseStore store =
        mode == Mode.DATABASE
            ? new DatabaseLeaseStore(pool, c.renewEvery())
            : kubernetes.store(c, clock);
    elector = new LeaderElector(name, instance, store, clock, timing);
    elector.addListener(
        new LeaderElector.Listener() {
          @Override
          public void elected(long epoch) {
            LOG.infof("%s leads (lease %s, %s mode, epoch %d)", instance, name, mode, epoch);
          }

          @Override
          public void deposed(long epoch, String why) {
            fencedEpoch = -1;
            LOG.warnf("%s no longer leads (epoch %d): %s", instance, epoch, why);
          }
        });
    LOG.infof(
        "leader election: %s mode, lease %s, instance %s, lease %s, renewed every %s"
            + " (failover within %s)",
        mode, name, instance, timing.leaseDuration(), timing.renewEvery(), timing.failoverWithin());
  }

  static String defaultInstanceId() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        host = "controller";
      }
    }
    return host + "-" + ProcessHandle.current().pid();
  }

  @Scheduled(
      every = "{gridweave.controller.leader.renew-every}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    if (elector == null || !schema.migrated()) {
      return; // off; or the lease table and the fence are not there yet
    }
    elector.tick();
    Optional<Long> epoch = elector.epoch();
    if (epoch.isPresent() && epoch.get() != fencedEpoch) {
      advanceFence(epoch.get());
    }
  }

  /** Moves the fence to this leader's epoch before it acts; refused if a newer one moved it. */
  private void advanceFence(long epoch) {
    try {
      if (fence.advance(epoch, instance)) {
        fencedEpoch = epoch;
        LOG.infof(
            "%s acts as leader from now on (fence %s at epoch %d)", instance, fence.name(), epoch);
      } else {
        LOG.errorf(
            "%s leads at epoch %d but the fence %s is already further: it does not act (was the"
                + " lease deleted and created again? then delete the fence row too)",
            instance, epoch, fence.name());
      }
    } catch (RuntimeException e) {
      LOG.warnf("%s leads but cannot move the fence yet: %s", instance, e.getMessage());
    }
  }

  /** Whether this instance acts as the leader now. */
  public boolean acting() {
    if (mode == Mode.OFF) {
      return true;
    }
    return elector != null && elector.epoch().filter(e -> e == fencedEpoch).isPresent();
  }

  /** The epoch this instance acts with (0 when election is off); empty when it does not act. */
  public OptionalLong epoch() {
    if (mode == Mode.OFF) {
      return OptionalLong.of(0);
    }
    Optional<Long> e = elector == null ? Optional.empty() : elector.epoch();
    return e.filter(x -> x == fencedEpoch).map(OptionalLong::of).orElse(OptionalLong.empty());
  }

  public String instance() {
    return instance;
  }

  /** Refuses ({@link NotLeader}, 409) what only the leader does, naming the leader. */
  public long requireActing(String what) {
    OptionalLong e = epoch();
    if (e.isEmpty()) {
      throw notLeader(what);
    }
    return e.getAsLong();
  }

  private NotLeader notLeader(String what) {
    LeaderStatus s = status();
    return new NotLeader(
        "this controller ("
            + instance
            + ") does not lead, so it does not "
            + what
            + s.holder()
                .filter(h -> !h.equals(instance))
                .map(h -> "; the leader is " + h)
                .orElse("")
            + "; try again there or in a few seconds");
  }

  /**
   * Inside a write's transaction: reads this leader's epoch in the fence {@code FOR SHARE} (a new
   * leader's advance waits for this transaction) and fails with {@link NotLeader} when it moved on.
   * Nothing to check when election is off.
   */
  public Uni<Void> fence(SqlClient tx, String what) {
    if (mode == Mode.OFF) {
      return Uni.createFrom().voidItem();
    }
    OptionalLong e = epoch();
    if (e.isEmpty()) {
      return Uni.createFrom().failure(notLeader(what));
    }
    return fence
        .check(tx, e.getAsLong(), instance, what)
        .onFailure(NotLeader.class)
        .invoke(() -> fencedEpoch = -1);
  }

  /** The epoch to record with a fenced write, or null when election is off. */
  public Long recordedEpoch() {
    return mode == Mode.OFF ? null : epoch().stream().boxed().findFirst().orElse(null);
  }

  public Mode mode() {
    return mode;
  }

  public LeaderStatus status() {
    if (mode == Mode.OFF) {
      return new LeaderStatus(
          instance, true, Optional.of(instance), 0, Optional.of(started), Optional.empty());
    }
    LeaderStatus s = elector.status();
    boolean acting = acting();
    Optional<String> problem = s.problem();
    if (s.leader() && !acting && problem.isEmpty()) {
      problem = Optional.of("leads but has not moved the fence yet");
    }
    return new LeaderStatus(s.instance(), acting, s.holder(), s.epoch(), s.since(), problem);
  }

  void stop(@Observes ShutdownEvent event) {
    if (elector == null) {
      return;
    }
    try {
      elector.release(); // the next leader need not wait for the lease to expire
    } catch (LeaseStoreException e) {
      LOG.warnf("could not release the lease (it expires by itself): %s", e.getMessage());
    }
  }

  /** The timing in force (for the README's numbers and the status). */
  public Duration failoverWithin() {
    return config.leader().leaseDuration().plus(config.leader().renewEvery());
  }
}

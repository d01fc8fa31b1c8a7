package org.gridweave.gateway.cluster;

import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.gridweave.gateway.GatewayConfig;
import org.gridweave.gateway.ingest.IngestPipeline;
import org.gridweave.gateway.peers.PeerDirectory;
import org.jboss.logging.Logger;

/**
 * Scale-out on shared subscriptions (issue #9, docs/adr/0019): every {@code heartbeat-every} this
 * instance writes its heartbeat, claims gateway instances silent for {@code adopt-after} and takes
 * over their MQTT sessions ({@link AdoptedSession}), so what the broker dealt a dead instance is
 * stored by a live one and, once its sessions are deleted, the live instances get everything. Off
 * when the telemetry filter is not a shared subscription ({@code $share/...}) or {@code
 * adopt-after} is 0.
 */
@ApplicationScoped
public class SessionAdopter {
  private static final Logger LOG = Logger.getLogger(SessionAdopter.class);
  public static final String TELEMETRY_SESSION = "-telemetry";
  public static final String BACKFILL_SESSION = "-backfill";

  @Inject Vertx vertx;
  @Inject GatewayConfig config;
  @Inject IngestPipeline pipeline;
  @Inject Clock clock;
  @Inject PeerDirectory directory;

  private final Map<String, List<AdoptedSession>> adopted = new ConcurrentHashMap<>();
  private volatile long timer = -1;
  private volatile long takenOverMessages;

  public boolean enabled() {
    return !config.peers().adoptAfter().isZero()
        && config.mqtt().telemetryFilter().startsWith("$share/");
  }

  /** Starts the heartbeat and the look-out (once the gateway's own sessions are opening). */
  public void start() {
    if (!enabled() || timer >= 0) {
      return;
    }
    LOG.infof(
        "gateway %s: heartbeat every %s; takes over the sessions of instances silent for %s",
        config.instanceId(), config.peers().heartbeatEvery(), config.peers().adoptAfter());
    vertx.executeBlocking(
        () -> {
          tick();
          return null;
        },
        true);
    timer =
        vertx.setPeriodic(
            config.peers().heartbeatEvery().toMillis(),
            id ->
                vertx.executeBlocking(
                    () -> {
                      tick();
                      return null;
                    },
                    true));
  }

  private void tick() {
    String self = config.instanceId();
    try {
      directory.heartbeat(self);
      Set<String> claimed =
          new HashSet<>(
              directory.claimStale(self, config.peers().adoptAfter(), config.peers().adoptAfter()));
      for (String peer : claimed) {
        adopted.computeIfAbsent(peer, this::adopt);
      }
      for (var e : Map.copyOf(adopted).entrySet()) {
        String peer = e.getKey();
        List<AdoptedSession> sessions = e.getValue();
        if (!claimed.contains(peer) || sessions.stream().anyMatch(AdoptedSession::abandoned)) {
          sessions.forEach(AdoptedSession::close);
          adopted.remove(peer);
          directory.release(self, peer);
          LOG.infof("gave up the sessions of %s (it is back, or the broker went away)", peer);
          continue;
        }
        sessions.forEach(AdoptedSession::step);
        if (sessions.stream().allMatch(AdoptedSession::retired)) {
          long messages = sessions.stream().mapToLong(AdoptedSession::receivedMessages).sum();
          takenOverMessages += messages;
          adopted.remove(peer);
          directory.retired(self, peer);
          LOG.infof(
              "took over gateway %s: %d queued messages stored, its sessions deleted",
              peer, messages);
        }
      }
    } catch (RuntimeException e) {
      LOG.warnf("peer look-out failed (retried at the next heartbeat): %s", e.getMessage());
    }
  }

  private List<AdoptedSession> adopt(String peer) {
    LOG.infof(
        "gateway %s is silent for over %s: taking over its MQTT sessions",
        peer, config.peers().adoptAfter());
    GatewayConfig.Mqtt mqtt = config.mqtt();
    List<AdoptedSession> sessions =
        List.of(
            new AdoptedSession(
                vertx,
                mqtt.host(),
                mqtt.port(),
                peer + TELEMETRY_SESSION,
                mqtt.telemetryFilter(),
                pipeline,
                clock,
                config.peers().quiet()),
            new AdoptedSession(
                vertx,
                mqtt.host(),
                mqtt.port(),
                peer + BACKFILL_SESSION,
                mqtt.backfillFilter(),
                pipeline,
                clock,
                config.peers().quiet()));
    sessions.forEach(AdoptedSession::open);
    return sessions;
  }

  /** Messages stored from taken-over sessions since start. */
  public long takenOverMessages() {
    return takenOverMessages;
  }

  /** Instances whose sessions are being taken over now. */
  public Set<String> adopting() {
    return Set.copyOf(adopted.keySet());
  }

  void stop(@Observes ShutdownEvent event) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
    adopted.values().forEach(s -> s.forEach(AdoptedSession::close));
  }
}

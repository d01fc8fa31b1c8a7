package org.gridweave.gateway.registry;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.gridweave.core.crypto.MeterPublicKey;
import org.jboss.logging.Logger;

/**
 * Keeps the in-memory {@link MeterDirectory} in step with the registry table, so registrations made
 * through another gateway instance take effect here within seconds.
 */
@ApplicationScoped
public class RegistrySync {
  private static final Logger LOG = Logger.getLogger(RegistrySync.class);
  @Inject MeterDirectory directory;
  private volatile boolean loaded;

  /**
   * Parsed keys by their Base64 form. Parsing validates the point fully (two scalar
   * multiplications), which costs as much as verifying a signature or two; re-parsing every key at
   * every refresh took a visible share of the CPU under load.
   */
  private final Map<String, MeterPublicKey> keys = new ConcurrentHashMap<>();

  @Scheduled(every = "2s", delay = 0, concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  @WithSession
  Uni<Void> refresh() {
    return MeterEntity.<MeterEntity>listAll()
        .map(all -> {
          directory.merge(
              all.stream()
                  .map(m -> m.toRegistration(k -> keys.computeIfAbsent(k, MeterPublicKey::parse)))
                  .toList());
          if (!loaded) {
            LOG.infof("meter registry loaded: %d meters", all.size());
          }
          loaded = true;
          return (Void) null;
        })
        .onFailure()
        .recoverWithItem(e -> {
          LOG.debugf("registry refresh failed: %s", e.getMessage());
          return null;
        });
  }

  /** True once the registry was read at least once. */
  public boolean loaded() {
    return loaded;
  }
}

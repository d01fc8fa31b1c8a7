package org.gridweave.controller.service.grid;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.gridweave.controller.grid.GridJson;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.schema.SchemaMigrator;
import org.jboss.logging.Logger;

/** Stores {@code gridweave.controller.seed-grid} at startup when the database holds no grid yet. */
@ApplicationScoped
public class GridSeed {
  private static final Logger LOG = Logger.getLogger(GridSeed.class);

  @Inject ControllerConfig config;
  @Inject GridStore store;
  @Inject SchemaMigrator schema;

  void start(@Observes StartupEvent event) {
    config
        .seedGrid()
        .ifPresent(file -> Thread.ofVirtual().name("grid-seed").start(() -> seed(file)));
  }

  private void seed(Path file) {
    try {
      while (!schema.migrated()) {
        Thread.sleep(200);
      }
      if (store.current().await().atMost(Duration.ofSeconds(10)).isPresent()) {
        return;
      }
      store
          .replace(
              GridJson.read(Files.readString(file)), "seed grid", file.getFileName().toString())
          .await()
          .atMost(Duration.ofSeconds(10));
      LOG.infof("grid model seeded from %s", file);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.errorf("could not seed the grid from %s: %s", file, e.getMessage());
    }
  }
}

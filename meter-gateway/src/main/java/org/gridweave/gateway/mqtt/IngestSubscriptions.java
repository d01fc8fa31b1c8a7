package org.gridweave.gateway.mqtt;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import org.gridweave.gateway.GatewayConfig;
import org.gridweave.gateway.cluster.SessionAdopter;
import org.gridweave.gateway.ingest.IngestPipeline;
import org.gridweave.gateway.registry.RegistrySync;

/** The two ingest sessions, {@code telemetry} and {@code backfill}, opened at start-up. */
@ApplicationScoped
public class IngestSubscriptions {
  @Inject Vertx vertx;
  @Inject GatewayConfig config;
  @Inject IngestPipeline pipeline;
  @Inject Clock clock;
  @Inject RegistrySync registry;
  @Inject SessionAdopter adopter;
  private volatile List<IngestConnection> connections = List.of();

  /**
   * Opens the sessions once the meter registry has been read: messages the broker queued while the
   * gateway was down arrive right after CONNECT and would otherwise meet an empty registry and be
   * refused as UNKNOWN_METER.
   */
  void start(@Observes StartupEvent event) {
    vertx.setPeriodic(
        200,
        timer -> {
          if (registry.loaded()) {
            vertx.cancelTimer(timer);
            open();
          }
        });
  }

  private void open() {
    GatewayConfig.Mqtt mqtt = config.mqtt();
    connections =
        List.of(
            new IngestConnection(
                vertx,
                mqtt.host(),
                mqtt.port(),
                config.instanceId() + SessionAdopter.TELEMETRY_SESSION,
                mqtt.telemetryFilter(),
                pipeline,
                clock),
            new IngestConnection(
                vertx,
                mqtt.host(),
                mqtt.port(),
                config.instanceId() + SessionAdopter.BACKFILL_SESSION,
                mqtt.backfillFilter(),
                pipeline,
                clock));
    connections.forEach(IngestConnection::open);
    adopter.start();
  }

  void stop(@Observes ShutdownEvent event) {
    connections.forEach(IngestConnection::close);
  }

  /** True when every ingest session is connected and subscribed. */
  public boolean connected() {
    return !connections.isEmpty() && connections.stream().allMatch(IngestConnection::connected);
  }
}

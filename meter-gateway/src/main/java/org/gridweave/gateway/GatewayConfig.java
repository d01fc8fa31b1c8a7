package org.gridweave.gateway;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Every GridWeave setting of the gateway (prefix {@code gridweave.gateway}). */
@ConfigMapping(prefix = "gridweave.gateway")
public interface GatewayConfig {
  /** Unique per running instance and stable across its restarts (persistent MQTT sessions). */
  String instanceId();

  Mqtt mqtt();

  Peers peers();

  /** Payloads larger than this are refused unread. */
  @WithDefault("65536")
  int maxPayloadBytes();

  /** How far a sample may lie ahead of the gateway's clock. */
  @WithDefault("PT2M")
  Duration maxFutureSkew();

  /** How old a sample may be. */
  @WithDefault("P30D")
  Duration maxAge();

  /** Interval roll-up length; must divide a day. */
  @WithDefault("PT15M")
  Duration interval();

  /** The most messages stored in one transaction. */
  @WithDefault("2000")
  int maxBatchMessages();

  /** Threads checking signatures; 0 means one per core. */
  @WithDefault("0")
  int checkThreads();

  /** Longest pause between attempts to store a batch while the database is away. */
  @WithDefault("PT5S")
  Duration maxRetryBackoff();

  /** MQTT connection of the ingest channels. */
  interface Mqtt {
    @WithDefault("127.0.0.1")
    String host();

    @WithDefault("1883")
    int port();

    /** Topic filter for live telemetry; a {@code $share/...} filter spreads load over instances. */
    String telemetryFilter();

    String backfillFilter();
  }

  /** Other instances on the same broker and database (shared subscriptions, docs/adr/0019). */
  interface Peers {
    /** How often this instance writes its heartbeat and looks for silent peers. */
    @WithDefault("PT2S")
    Duration heartbeatEvery();

    /**
     * A peer without a heartbeat for this long is dead: a live instance takes over its MQTT
     * sessions. {@code 0} turns it off; it is off anyway without a {@code $share/...} filter.
     */
    @WithDefault("PT15S")
    Duration adoptAfter();

    /** A taken-over session is drained when nothing arrived or waited for commit this long. */
    @WithDefault("PT3S")
    Duration quiet();
  }
}

package org.gridweave.besuplugin.core.bridge;

/**
 * Where the bridge publishes: an MQTT client, as a port so the bridge is tested without one.
 *
 * <p>Contract: {@link #publishRetained} never blocks on the network and never loses a publication:
 * while the broker is away it is kept and sent once the broker is back. A newer publication to the
 * same topic supersedes one not yet sent (retained messages are state: only the latest counts).
 * Thread-safe.
 */
public interface Publisher extends AutoCloseable {

  /** Publishes {@code payload} retained, QoS 1; an empty payload clears the retained message. */
  void publishRetained(String topic, byte[] payload);

  /** Whether the broker connection is up right now. */
  boolean isConnected();

  /** Publications accepted but not yet acknowledged by the broker. */
  int pending();

  /** Disconnects; publications not yet sent, and any made afterwards, are dropped. */
  @Override
  void close();
}

package org.gridweave.firmware;

import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.gridweave.core.protocol.Topic;

/**
 * The port through which a meter talks to the broker. Implementations: {@code PahoTransport} (MQTT
 * 3.1.1) and test fakes.
 *
 * <p>Contract: {@link #publish} never blocks on the network and never throws for delivery problems;
 * it reports exactly one outcome per call through the callback, possibly on another thread and
 * possibly before {@code publish} returns. A QoS 1 publish is {@link PublishCallback#acknowledged()
 * acknowledged} only when the broker has taken responsibility for the message (PUBACK). Connection
 * changes are reported to the {@link ConnectionListener}; after a reconnect, subscriptions made
 * through {@link #subscribe} are active again.
 */
public interface Transport extends AutoCloseable {

  boolean isConnected();

  void publish(Topic topic, byte[] payload, int qos, boolean retained, PublishCallback callback);

  /** Delivers every message arriving on {@code topic} to {@code handler}, on a transport thread. */
  default void subscribe(Topic topic, int qos, Consumer<byte[]> handler) {
    subscribeFilter(topic.name(), qos, (name, payload) -> handler.accept(payload));
  }

  /**
   * Delivers every message whose topic matches the MQTT filter {@code filter} ({@code +} and {@code
   * #} wildcards) to {@code handler} with the topic it arrived on, on a transport thread. Retained
   * messages arrive too, including the empty payload that clears one.
   */
  void subscribeFilter(String filter, int qos, BiConsumer<String, byte[]> handler);

  void setConnectionListener(ConnectionListener listener);

  /** Starts connecting (and reconnecting) in the background; returns at once. */
  void start();

  @Override
  void close();

  /** The outcome of one publish. */
  interface PublishCallback {
    /** The broker acknowledged the message (for QoS 0: the message was handed to the network). */
    void acknowledged();

    /** The message was not delivered and will not be retried by the transport. */
    void failed(Throwable cause);
  }

  /** Hears about connection changes, on a transport thread. */
  interface ConnectionListener {
    void connected();

    void connectionLost(Throwable cause);
  }
}

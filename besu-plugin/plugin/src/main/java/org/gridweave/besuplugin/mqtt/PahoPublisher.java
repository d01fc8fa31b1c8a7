package org.gridweave.besuplugin.mqtt;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.gridweave.besuplugin.core.bridge.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Publisher} on an Eclipse Paho MQTT 3.1.1 client.
 *
 * <p>Publications wait in a map by topic until the broker acknowledges them (QoS 1, retained): a
 * newer publication to a topic replaces an unsent one. While the broker is away nothing is lost:
 * the first connection is retried every {@code retry}, a lost one is restored by Paho's automatic
 * reconnect, and every (re)connection sends what is waiting. One thread ({@code energy-mqtt})
 * connects and sends; {@link #publishRetained} only records and wakes it.
 */
public final class PahoPublisher implements Publisher {

  private static final Logger LOG = LoggerFactory.getLogger(PahoPublisher.class);
  private static final int QOS = 1;
  private static final int MAX_IN_FLIGHT = 1_000;

  private final URI broker;
  private final MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final Duration retry;
  private final ScheduledExecutorService worker =
      Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "energy-mqtt");
        thread.setDaemon(true);
        return thread;
      });
  private final Map<String, Waiting> waiting = new LinkedHashMap<>(); // guarded by this
  private long sequence; // guarded by this
  private boolean closed; // guarded by this

  private PahoPublisher(URI broker, String clientId, Duration retry) throws MqttException {
    this.broker = broker;
    this.retry = retry;
    this.client = new MqttAsyncClient(broker.toString(), clientId, new MemoryPersistence());
    this.options = new MqttConnectOptions();
    options.setCleanSession(true);
    options.setAutomaticReconnect(true);
    options.setMaxReconnectDelay((int) Math.max(1_000, retry.toMillis()));
    options.setConnectionTimeout(10);
    options.setKeepAliveInterval(15);
    options.setMaxInflight(MAX_IN_FLIGHT);
    client.setCallback(new Callback());
  }

  /**
   * Starts connecting to {@code broker} in the background and returns at once.
   *
   * @param clientId unique per Besu node (the broker drops the older of two equal ids)
   * @param retry how long to wait between attempts while the broker is away
   * @throws IllegalArgumentException if Paho refuses the URI or client id
   */
  public static PahoPublisher start(URI broker, String clientId, Duration retry) {
    PahoPublisher publisher;
    try {
      publisher = new PahoPublisher(broker, clientId, retry);
    } catch (MqttException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "cannot make an MQTT client for " + broker + ": " + e.getMessage(), e);
    }
    publisher.later(publisher::connect, 0);
    return publisher;
  }

  @Override
  public void publishRetained(String topic, byte[] payload) {
    synchronized (this) {
      if (closed) {
        // A log can still arrive while the plugin stops: dropped, as close() drops what waits.
        LOG.warn("MQTT publisher to {} is closed: {} not published", broker, topic);
        return;
      }
      waiting.put(topic, new Waiting(++sequence, payload.clone()));
    }
    later(this::send, 0);
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public synchronized int pending() {
    return waiting.size();
  }

  @Override
  public void close() {
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (!waiting.isEmpty()) {
        LOG.warn("closing the MQTT publisher with {} publications unsent", waiting.size());
      }
    }
    worker.shutdownNow();
    try {
      if (client.isConnected()) {
        client.disconnect().waitForCompletion(5_000);
      }
    } catch (MqttException e) {
      LOG.info("MQTT disconnect from {} did not complete: {}", broker, e.getMessage());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.info("MQTT client for {} did not close cleanly: {}", broker, e.getMessage());
    }
  }

  private void connect() {
    synchronized (this) {
      if (closed) {
        return;
      }
    }
    try {
      client.connect(
          options,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              // connectComplete sends what is waiting.
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
              LOG.warn(
                  "MQTT broker {} not reachable ({}); retrying in {}",
                  broker,
                  failure.getMessage(),
                  retry);
              retryConnect();
            }
          });
    } catch (MqttException e) {
      LOG.warn("MQTT connect to {} failed ({}); retrying in {}", broker, e.getMessage(), retry);
      retryConnect();
    }
  }

  private void retryConnect() {
    later(this::connect, retry.toMillis());
  }

  /** Runs {@code task} on the worker thread after {@code delayMillis}, unless closed. */
  private synchronized void later(Runnable task, long delayMillis) {
    if (!closed) {
      worker.schedule(task, delayMillis, TimeUnit.MILLISECONDS);
    }
  }

  /**
   * After a (re)connection everything waiting goes out again: an acknowledgement lost with the old
   * connection would otherwise leave a publication marked as sent for ever. A duplicate of a
   * retained message is harmless.
   */
  private void sendAll() {
    synchronized (this) {
      waiting.values().forEach(publication -> publication.sent = false);
    }
    send();
  }

  /** Sends each waiting publication not already on its way; runs on the worker thread. */
  private void send() {
    if (!client.isConnected()) {
      return;
    }
    List<Map.Entry<String, Waiting>> toSend = new ArrayList<>();
    synchronized (this) {
      for (Map.Entry<String, Waiting> entry : waiting.entrySet()) {
        if (!entry.getValue().sent) {
          entry.getValue().sent = true;
          toSend.add(Map.entry(entry.getKey(), entry.getValue()));
        }
      }
    }
    for (Map.Entry<String, Waiting> entry : toSend) {
      String topic = entry.getKey();
      Waiting publication = entry.getValue();
      MqttMessage message = new MqttMessage(publication.payload);
      message.setQos(QOS);
      message.setRetained(true);
      try {
        client.publish(topic, message, null, new Delivery(topic, publication));
      } catch (MqttException e) {
        LOG.info("MQTT publish to {} deferred: {}", topic, e.getMessage());
        unsent(topic, publication);
      }
    }
  }

  private synchronized void delivered(String topic, Waiting publication) {
    if (waiting.get(topic) == publication) {
      waiting.remove(topic);
    }
  }

  private synchronized void unsent(String topic, Waiting publication) {
    publication.sent = false;
    if (waiting.get(topic) == publication) {
      // Sent again by the next connectComplete, or after a pause if the connection is still up.
      later(this::send, retry.toMillis());
    }
  }

  /** A publication waiting for the broker's acknowledgement. */
  private static final class Waiting {
    private final long sequence;
    private final byte[] payload;
    private boolean sent; // guarded by the publisher

    Waiting(long sequence, byte[] payload) {
      this.sequence = sequence;
      this.payload = payload;
    }

    @Override
    public String toString() {
      return "publication #" + sequence;
    }
  }

  private final class Delivery implements IMqttActionListener {
    private final String topic;
    private final Waiting publication;

    Delivery(String topic, Waiting publication) {
      this.topic = topic;
      this.publication = publication;
    }

    @Override
    public void onSuccess(IMqttToken token) {
      delivered(topic, publication);
    }

    @Override
    public void onFailure(IMqttToken token, Throwable failure) {
      LOG.info("MQTT publish to {} not acknowledged ({}); kept", topic, failure.getMessage());
      unsent(topic, publication);
    }
  }

  private final class Callback implements MqttCallbackExtended {
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      LOG.info("MQTT {} {}", reconnect ? "reconnected to" : "connected to", serverUri);
      later(PahoPublisher.this::sendAll, 0);
    }

    @Override
    public void connectionLost(Throwable cause) {
      LOG.warn(
          "MQTT connection to {} lost ({}); reconnecting, publications are kept",
          broker,
          cause == null ? "no reason" : cause.getMessage());
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      // Publishes only: subscribes to nothing.
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
      // Each publication's own listener handles its acknowledgement.
    }
  }
}

package org.gridweave.firmware.mqtt;

import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.MqttTopic;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.protocol.MeterState;
import org.gridweave.core.protocol.Topic;
import org.gridweave.firmware.Transport;

/**
 * {@link Transport} over MQTT 3.1.1 with Eclipse Paho's asynchronous client. One connection per
 * meter, client id = meter id, persistent session (clean session off) so the broker keeps the
 * command subscription and queued commands while the meter is away. Paho keeps its own state in
 * memory only: the meter's spool is the durable store.
 *
 * <p>Registers {@link MeterState} offline as the retained last will on {@code state} and publishes
 * online (retained) on every connect. The first connect is retried by this class; afterwards Paho's
 * automatic reconnect takes over. A publish Paho refuses (not connected, too many in flight: reason
 * 32202) is reported as failed and stays the meter's to resend.
 */
public final class PahoTransport implements Transport {
  private static final System.Logger LOG = System.getLogger(PahoTransport.class.getName());

  private final MqttAsyncClient client;
  private final MqttConnectOptions options;
  private final MeterId meter;
  private final SiteId site;
  private final String firmware;
  private final Clock clock;
  private final Topic stateTopic;
  private final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
  private final ScheduledExecutorService retry;
  private final Duration retryDelay;
  private volatile ConnectionListener listener;
  private volatile boolean closed;

  private record Subscription(int qos, BiConsumer<String, byte[]> handler) {}

  /** Connection settings; {@link #defaults(String)} suits a meter on a LAN or WAN. */
  public record Options(
      String brokerUri,
      int maxInflight,
      Duration keepAlive,
      Duration connectTimeout,
      Duration maxReconnectDelay) {
    public Options {
      if (brokerUri == null || !brokerUri.matches("(tcp|ssl|ws|wss)://.+")) {
        throw new IllegalArgumentException(
            "broker URI must look like tcp://host:1883, was " + brokerUri);
      }
    }

    public static Options defaults(String brokerUri) {
      return new Options(
          brokerUri, 1000, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5));
    }
  }

  public PahoTransport(Options opts, MeterId meter, SiteId site, String firmware, Clock clock) {
    this.meter = meter;
    this.site = site;
    this.firmware = firmware;
    this.clock = clock;
    this.stateTopic = Topic.of(site, meter, Topic.Kind.STATE);
    this.retryDelay = opts.maxReconnectDelay();
    try {
      this.client = new MqttAsyncClient(opts.brokerUri(), meter.value(), new MemoryPersistence());
    } catch (MqttException e) {
      throw new IllegalArgumentException("cannot create MQTT client for " + opts.brokerUri(), e);
    }
    options = new MqttConnectOptions();
    options.setCleanSession(false);
    options.setAutomaticReconnect(true);
    options.setMaxInflight(opts.maxInflight());
    options.setKeepAliveInterval((int) opts.keepAlive().toSeconds());
    options.setConnectionTimeout((int) opts.connectTimeout().toSeconds());
    options.setMaxReconnectDelay((int) opts.maxReconnectDelay().toMillis());
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setWill(stateTopic.name(), state(false), 1, true);
    client.setCallback(new Callback());
    retry =
        Executors.newSingleThreadScheduledExecutor(r -> {
          Thread t = new Thread(r, "mqtt-connect-" + meter.value());
          t.setDaemon(true);
          return t;
        });
  }

  private byte[] state(boolean online) {
    return new MeterState(
            meter, site, online, firmware, clock.instant().truncatedTo(ChronoUnit.MILLIS))
        .encode();
  }

  @Override
  public void start() {
    connect();
  }

  private void connect() {
    if (closed) {
      return;
    }
    try {
      client.connect(
          options,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              // connectComplete does the rest
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
              LOG.log(
                  Level.INFO,
                  "meter {0}: cannot reach the broker ({1}); retrying in {2}",
                  meter,
                  cause == null ? "unknown" : cause.getMessage(),
                  retryDelay);
              scheduleRetry();
            }
          });
    } catch (MqttException e) {
      LOG.log(Level.INFO, "meter {0}: connect refused: {1}", meter, e.getMessage());
      scheduleRetry();
    }
  }

  private void scheduleRetry() {
    if (!closed) {
      retry.schedule(this::connect, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public boolean isConnected() {
    return client.isConnected();
  }

  @Override
  public void publish(
      Topic topic, byte[] payload, int qos, boolean retained, PublishCallback callback) {
    try {
      client.publish(
          topic.name(),
          payload,
          qos,
          retained,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              callback.acknowledged();
            }

            @Override
            public void onFailure(IMqttToken token, Throwable cause) {
              callback.failed(
                  cause == null
                      ? new MqttException(MqttException.REASON_CODE_UNEXPECTED_ERROR)
                      : cause);
            }
          });
    } catch (MqttException e) {
      // 32202 (too many in flight) and 32104 (not connected) land here: the meter keeps it pending
      callback.failed(e);
    }
  }

  @Override
  public void subscribeFilter(String filter, int qos, BiConsumer<String, byte[]> handler) {
    MqttTopic.validate(filter, true);
    subscriptions.put(filter, new Subscription(qos, handler));
    if (client.isConnected()) {
      subscribeNow(filter, qos);
    }
  }

  private void subscribeNow(String topic, int qos) {
    try {
      client.subscribe(topic, qos);
    } catch (MqttException e) {
      LOG.log(
          Level.WARNING, "meter {0}: cannot subscribe to {1}: {2}", meter, topic, e.getMessage());
    }
  }

  @Override
  public void setConnectionListener(ConnectionListener listener) {
    this.listener = listener;
  }

  @Override
  public void close() {
    closed = true;
    retry.shutdownNow();
    try {
      if (client.isConnected()) {
        // a clean goodbye: the will is not sent, so say offline ourselves
        client.publish(stateTopic.name(), state(false), 1, true).waitForCompletion(2000);
        client.disconnect(2000).waitForCompletion(3000);
      }
    } catch (MqttException e) {
      LOG.log(Level.DEBUG, "meter {0}: disconnect: {1}", meter, e.getMessage());
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.log(Level.DEBUG, "meter {0}: close: {1}", meter, e.getMessage());
    }
  }

  private final class Callback implements MqttCallbackExtended {
    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
      LOG.log(Level.INFO, "meter {0}: connected to {1}", meter, serverUri);
      subscriptions.forEach((topic, s) -> subscribeNow(topic, s.qos()));
      try {
        client.publish(stateTopic.name(), state(true), 1, true);
      } catch (MqttException e) {
        LOG.log(
            Level.WARNING, "meter {0}: cannot publish online state: {1}", meter, e.getMessage());
      }
      ConnectionListener l = listener;
      if (l != null) {
        l.connected();
      }
    }

    @Override
    public void connectionLost(Throwable cause) {
      LOG.log(
          Level.INFO,
          "meter {0}: connection lost ({1}); reconnecting",
          meter,
          cause == null ? "no reason" : cause.getMessage());
      ConnectionListener l = listener;
      if (l != null) {
        l.connectionLost(cause);
      }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
      subscriptions.forEach((filter, s) -> {
        if (!MqttTopic.isMatched(filter, topic)) {
          return;
        }
        try {
          s.handler().accept(topic, message.getPayload());
        } catch (RuntimeException e) {
          // an exception here would make Paho drop the connection
          LOG.log(
              Level.ERROR, "meter " + meter + ": handling a message on " + topic + " failed", e);
        }
      });
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {}
  }
}

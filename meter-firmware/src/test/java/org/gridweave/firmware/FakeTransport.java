package org.gridweave.firmware;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.gridweave.core.protocol.Topic;

/** A transport whose connection and broker acknowledgements the test controls. */
final class FakeTransport implements Transport {
  record Publish(
      Topic topic, byte[] payload, int qos, boolean retained, PublishCallback callback) {}

  private final List<Publish> published = new ArrayList<>();
  private final List<Publish> unacknowledged = new ArrayList<>();
  private final Map<String, Consumer<byte[]>> subscriptions = new HashMap<>();
  private ConnectionListener listener;
  private boolean connected;

  FakeTransport connected() {
    connected = true;
    if (listener != null) {
      listener.connected();
    }
    return this;
  }

  FakeTransport disconnected() {
    connected = false;
    if (listener != null) {
      listener.connectionLost(new IllegalStateException("cable pulled"));
    }
    return this;
  }

  /** The broker acknowledges everything published so far. */
  synchronized void acknowledgeAll() {
    List<Publish> due = List.copyOf(unacknowledged);
    unacknowledged.clear();
    due.forEach(p -> p.callback().acknowledged());
  }

  synchronized List<Publish> published() {
    return List.copyOf(published);
  }

  synchronized List<Publish> published(Topic.Kind kind) {
    return published.stream().filter(p -> p.topic().kind() == kind).toList();
  }

  synchronized void clearPublished() {
    published.clear();
  }

  void deliver(Topic.Kind kind, byte[] payload) {
    subscriptions.entrySet().stream()
        .filter(e -> e.getKey().endsWith("/" + kind.level()))
        .forEach(e -> e.getValue().accept(payload));
  }

  @Override
  public boolean isConnected() {
    return connected;
  }

  @Override
  public synchronized void publish(
      Topic topic, byte[] payload, int qos, boolean retained, PublishCallback callback) {
    if (!connected) {
      callback.failed(new IllegalStateException("not connected"));
      return;
    }
    Publish p = new Publish(topic, payload, qos, retained, callback);
    published.add(p);
    unacknowledged.add(p);
  }

  @Override
  public void subscribe(Topic topic, int qos, Consumer<byte[]> handler) {
    subscriptions.put(topic.name(), handler);
  }

  @Override
  public void setConnectionListener(ConnectionListener listener) {
    this.listener = listener;
  }

  @Override
  public void start() {}

  @Override
  public void close() {}
}

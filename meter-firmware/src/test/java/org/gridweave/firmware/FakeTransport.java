package org.gridweave.firmware;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.gridweave.core.protocol.Topic;

/** A transport whose connection and broker acknowledgements the test controls. */
final class FakeTransport implements Transport {
  record Publish(
      Topic topic, byte[] payload, int qos, boolean retained, PublishCallback callback) {}

  private final List<Publish> published = new ArrayList<>();
  private final List<Publish> unacknowledged = new ArrayList<>();
  private final Map<String, BiConsumer<String, byte[]>> subscriptions = new HashMap<>();
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
        .forEach(e -> e.getValue().accept(e.getKey(), payload));
  }

  /** Delivers {@code payload} on {@code topic} to every subscription whose filter matches it. */
  void deliver(String topic, byte[] payload) {
    subscriptions.entrySet().stream()
        .filter(e -> matches(e.getKey(), topic))
        .forEach(e -> e.getValue().accept(topic, payload));
  }

  Set<String> filters() {
    return Set.copyOf(subscriptions.keySet());
  }

  private static boolean matches(String filter, String topic) {
    String[] f = filter.split("/", -1);
    String[] t = topic.split("/", -1);
    for (int i = 0; i < f.length; i++) {
      if (f[i].equals("#")) {
        return true;
      }
      if (i >= t.length || (!f[i].equals("+") && !f[i].equals(t[i]))) {
        return false;
      }
    }
    return f.length == t.length;
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
  public void subscribeFilter(String filter, int qos, BiConsumer<String, byte[]> handler) {
    subscriptions.put(filter, handler);
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

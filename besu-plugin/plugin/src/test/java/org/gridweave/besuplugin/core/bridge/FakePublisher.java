package org.gridweave.besuplugin.core.bridge;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Records publications; {@link #retained()} is what a broker would keep per topic. */
public final class FakePublisher implements Publisher {

  /** One publication; an empty payload clears the topic's retained message. */
  public record Publication(String topic, String payload) {}

  private final List<Publication> publications = new ArrayList<>();
  private boolean connected = true;
  private boolean closed;

  @Override
  public synchronized void publishRetained(String topic, byte[] payload) {
    publications.add(new Publication(topic, new String(payload, StandardCharsets.UTF_8)));
  }

  @Override
  public synchronized boolean isConnected() {
    return connected;
  }

  @Override
  public int pending() {
    return 0;
  }

  @Override
  public synchronized void close() {
    closed = true;
  }

  public synchronized FakePublisher withConnected(boolean connected) {
    this.connected = connected;
    return this;
  }

  public synchronized List<Publication> publications() {
    return List.copyOf(publications);
  }

  /** The retained message per topic after all publications (cleared topics absent). */
  public synchronized Map<String, String> retained() {
    Map<String, String> retained = new LinkedHashMap<>();
    for (Publication publication : publications) {
      if (publication.payload().isEmpty()) {
        retained.remove(publication.topic());
      } else {
        retained.put(publication.topic(), publication.payload());
      }
    }
    return retained;
  }

  public synchronized boolean isClosed() {
    return closed;
  }
}

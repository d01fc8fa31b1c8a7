package org.gridweave.firmware;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.gridweave.core.id.MeterId;

/** A {@link ProducedLog} that keeps everything in memory, per meter. Thread-safe. */
public final class RecordingProducedLog implements ProducedLog {
  private final Map<MeterId, List<ProducedMessage>> byMeter = new ConcurrentHashMap<>();

  @Override
  public void produced(ProducedMessage message) {
    List<ProducedMessage> list = byMeter.computeIfAbsent(message.meter(), m -> new ArrayList<>());
    synchronized (list) {
      list.add(message);
    }
  }

  /** The messages of one meter, in production order. */
  public List<ProducedMessage> messages(MeterId meter) {
    List<ProducedMessage> list = byMeter.get(meter);
    if (list == null) {
      return List.of();
    }
    synchronized (list) {
      return List.copyOf(list);
    }
  }

  /** The highest sequence number the meter produced, if any. */
  public OptionalLong highestSequence(MeterId meter) {
    return messages(meter).stream().mapToLong(ProducedMessage::sequence).max();
  }

  public long sampleCount(MeterId meter) {
    return messages(meter).stream().mapToLong(ProducedMessage::sampleCount).sum();
  }

  /** Every sample time the meter produced, ascending. */
  public List<Instant> sampleTimes(MeterId meter) {
    List<Instant> times = new ArrayList<>();
    messages(meter).forEach(m -> times.addAll(m.sampleTimes()));
    return times;
  }

  /** All meters that produced something, with their highest sequence number. */
  public Map<MeterId, Long> highestSequences() {
    Map<MeterId, Long> out = new TreeMap<>();
    for (MeterId m : byMeter.keySet()) {
      highestSequence(m).ifPresent(s -> out.put(m, s));
    }
    return out;
  }

  public long totalMessages() {
    return byMeter.keySet().stream().mapToLong(m -> messages(m).size()).sum();
  }
}

package org.gridweave.devstack.drill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.gridweave.core.id.MeterId;
import org.gridweave.firmware.ProducedMessage;

/**
 * Meters and a database on a fake clock: every second each meter produces a message of two samples;
 * while the pipeline is up, whatever is waiting is stored at once. While it is down, messages wait
 * (or are dropped with {@link #losingWhileDown}); {@link #duplicating} stores every message twice.
 * {@link #pause()} advances the clock instead of sleeping.
 */
final class FakePipeline implements Pipeline {
  private final List<MeterId> meters;
  private Instant now = Instant.parse("2026-11-26T12:00:00Z");
  private Instant nextMessage = now.plusSeconds(1);
  private final Map<MeterId, Long> seqs = new HashMap<>();
  private final List<ProducedMessage> produced = new ArrayList<>();
  private final List<ProducedMessage> waiting = new ArrayList<>();
  private final Map<MeterId, Map<Instant, Integer>> stored = new HashMap<>();
  private final List<Map.Entry<ProducedMessage, Instant>> storedAt = new ArrayList<>();
  private boolean up = true;
  private boolean losingWhileDown;
  private boolean duplicating;
  private Duration storeDelay = Duration.ZERO;

  FakePipeline(int meterCount) {
    meters = new ArrayList<>();
    for (int i = 1; i <= meterCount; i++) {
      meters.add(MeterId.of(String.format("m-%04d", i)));
    }
  }

  final Clock clock =
      new Clock() {
        @Override
        public Instant instant() {
          return now;
        }

        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }
      };

  DrillRunner.Pause pause() {
    return this::advance;
  }

  void advance(Duration d) {
    Instant until = now.plus(d);
    while (!nextMessage.isAfter(until)) {
      now = nextMessage;
      produceAll();
      deliver();
      nextMessage = nextMessage.plusSeconds(1);
    }
    now = until;
    deliver();
  }

  FakePipeline losingWhileDown() {
    losingWhileDown = true;
    return this;
  }

  FakePipeline duplicating() {
    duplicating = true;
    return this;
  }

  /** The store takes this long after the pipeline is back before the first message lands. */
  FakePipeline storeDelay(Duration d) {
    storeDelay = d;
    return this;
  }

  private Instant upSince = now;

  void down() {
    up = false;
  }

  void up() {
    up = true;
    upSince = now;
    deliver();
  }

  Instant now() {
    return now;
  }

  private void produceAll() {
    for (MeterId m : meters) {
      long seq = seqs.merge(m, 1L, Long::sum);
      ProducedMessage pm = new ProducedMessage(m, seq, List.of(now.minusMillis(500), now));
      produced.add(pm);
      if (up || !losingWhileDown) {
        waiting.add(pm);
      }
    }
  }

  private void deliver() {
    if (!up || now.isBefore(upSince.plus(storeDelay))) {
      return;
    }
    for (ProducedMessage pm : waiting) {
      int copies = duplicating ? 2 : 1;
      for (Instant t : pm.sampleTimes()) {
        stored.computeIfAbsent(pm.meter(), k -> new HashMap<>()).merge(t, copies, Integer::sum);
      }
      storedAt.add(Map.entry(pm, now));
    }
    waiting.clear();
  }

  @Override
  public List<ProducedMessage> produced() {
    return List.copyOf(produced);
  }

  @Override
  public Map<MeterId, Map<Instant, Integer>> storedCopies(Set<MeterId> which, Instant from) {
    Map<MeterId, Map<Instant, Integer>> out = new HashMap<>();
    stored.forEach((m, byTime) -> {
      if (which.contains(m)) {
        byTime.forEach((t, n) -> {
          if (!t.isBefore(from)) {
            out.computeIfAbsent(m, k -> new HashMap<>()).put(t, n);
          }
        });
      }
    });
    return out;
  }

  @Override
  public Optional<Instant> firstStoredSampledFrom(Instant sampledFrom) {
    return storedAt.stream()
        .filter(e -> !e.getKey().sampleTimes().get(0).isBefore(sampledFrom))
        .map(Map.Entry::getValue)
        .min(Instant::compareTo);
  }
}

package org.gridweave.devstack.drill;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gridweave.core.id.MeterId;
import org.gridweave.firmware.ProducedMessage;

/**
 * Runs drills one after another against a {@link Pipeline} under load and judges each:
 *
 * <ol>
 *   <li>the drill's window opens: the messages produced so far are set aside;
 *   <li>the fault is injected ({@link Drill#inject()});
 *   <li>recovery: the pipeline stores a message sampled after the fault's {@code recoveryFrom};
 *       {@code recovered_s} is the time between the two (the database's store time);
 *   <li>the meters run for {@code settle} more, then the window closes: every message produced
 *       inside it must end up stored, each reading once. The runner waits until nothing is missing,
 *       or until nothing more arrived for {@code quiet};
 *   <li>a drill with its own {@link Drill#judge judgement} (intervals instead of readings) reports
 *       that, with the readings' tally in the details.
 * </ol>
 *
 * Plain Java: the clock and the pauses are inputs, so it runs on fakes in tests. Not thread-safe.
 */
public final class DrillRunner {

  /** How the runner waits; a test's fake advances its clock instead of sleeping. */
  @FunctionalInterface
  public interface Pause {
    void sleep(Duration d) throws InterruptedException;

    Pause REAL = d -> Thread.sleep(d.toMillis());
  }

  /**
   * @param settle how long the meters run after recovery before the window closes
   * @param recoveryTimeout how long to wait for fresh readings after the fault
   * @param quiet how long without progress before the missing readings are counted as lost
   * @param poll how often the database is asked
   */
  public record Settings(Duration settle, Duration recoveryTimeout, Duration quiet, Duration poll) {
    public static Settings defaults() {
      return new Settings(
          Duration.ofSeconds(3),
          Duration.ofSeconds(120),
          Duration.ofSeconds(30),
          Duration.ofMillis(250));
    }
  }

  private final Pipeline pipeline;
  private final Clock clock;
  private final Pause pause;
  private final Settings settings;

  public DrillRunner(Pipeline pipeline, Clock clock, Pause pause, Settings settings) {
    this.pipeline = pipeline;
    this.clock = clock;
    this.pause = pause;
    this.settings = settings;
  }

  public DrillResult run(Drill drill) throws Exception {
    Set<Key> before = keys(pipeline.produced());
    Fault fault = drill.inject();
    Optional<Double> recovered = awaitFresh(fault.recoveryFrom());
    pause.sleep(settings.settle());
    List<ProducedMessage> window =
        pipeline.produced().stream()
            .filter(m -> !before.contains(new Key(m.meter(), m.sequence())))
            .toList();
    Tally tally = awaitStored(window);
    Map<String, Object> details = new LinkedHashMap<>();
    Optional<Drill.Judgement> own = drill.judge(fault);
    details.put("unit", own.map(Drill.Judgement::unit).orElse("reading"));
    details.put("fault_s", seconds(fault.start(), fault.end()));
    details.putAll(fault.details());
    if (own.isPresent()) {
      details.putAll(own.get().details());
      details.put("readings_lost", tally.lost());
      details.put("readings_duplicated", tally.duplicated());
    }
    details.put("readings_produced", tally.produced());
    details.put("readings_fresh_after_s", recovered.orElse(null));
    if (own.isPresent()) {
      Drill.Judgement j = own.get();
      return new DrillResult(drill.name(), j.lost(), j.duplicated(), j.recoveredSeconds(), details);
    }
    details.remove("readings_fresh_after_s");
    return new DrillResult(drill.name(), tally.lost(), tally.duplicated(), recovered, details);
  }

  /** Seconds from {@code from} until a message sampled after it was stored; empty on timeout. */
  Optional<Double> awaitFresh(Instant from) throws InterruptedException {
    Instant deadline = clock.instant().plus(settings.recoveryTimeout());
    while (true) {
      Optional<Instant> stored = pipeline.firstStoredSampledFrom(from);
      if (stored.isPresent()) {
        return Optional.of(Math.max(0, seconds(from, stored.get())));
      }
      if (!clock.instant().isBefore(deadline)) {
        return Optional.empty();
      }
      pause.sleep(settings.poll());
    }
  }

  /** Waits until every reading of {@code window} is stored or nothing changed for {@code quiet}. */
  Tally awaitStored(List<ProducedMessage> window) throws InterruptedException {
    Set<MeterId> meters = window.stream().map(ProducedMessage::meter).collect(Collectors.toSet());
    Instant from = Tally.earliestSample(window);
    Tally last = null;
    Instant lastProgress = clock.instant();
    while (true) {
      Tally now = Tally.of(window, pipeline.storedCopies(meters, from));
      if (last == null || now.stored() != last.stored()) {
        lastProgress = clock.instant();
      }
      last = now;
      if (now.lost() == 0) {
        return now;
      }
      if (Duration.between(lastProgress, clock.instant()).compareTo(settings.quiet()) >= 0) {
        return now;
      }
      pause.sleep(settings.poll());
    }
  }

  /** Runs every drill in order; a drill that throws ends the run with its exception. */
  public List<DrillResult> runAll(
      List<? extends Drill> drills, java.util.function.Consumer<DrillResult> each)
      throws Exception {
    List<DrillResult> out = new ArrayList<>();
    for (Drill d : drills) {
      DrillResult r = run(d);
      each.accept(r);
      out.add(r);
    }
    return out;
  }

  private static double seconds(Instant from, Instant to) {
    return Duration.between(from, to).toMillis() / 1000.0;
  }

  private static Set<Key> keys(List<ProducedMessage> messages) {
    Set<Key> out = new HashSet<>();
    messages.forEach(m -> out.add(new Key(m.meter(), m.sequence())));
    return out;
  }

  private record Key(MeterId meter, long seq) {}
}

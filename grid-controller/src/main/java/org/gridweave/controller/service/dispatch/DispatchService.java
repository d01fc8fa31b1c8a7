package org.gridweave.controller.service.dispatch;

import io.quarkus.scheduler.Scheduled;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.gridweave.controller.dispatch.Decision;
import org.gridweave.controller.dispatch.DispatchCycle;
import org.gridweave.controller.dispatch.DispatchSettings;
import org.gridweave.controller.dispatch.SetpointFollowing;
import org.gridweave.controller.dispatch.SiteDecision;
import org.gridweave.controller.grid.GridModel;
import org.gridweave.controller.service.ControllerConfig;
import org.gridweave.controller.service.alarms.AlarmStore;
import org.gridweave.controller.service.commands.CommandChannel;
import org.gridweave.controller.service.commands.CommandStore;
import org.gridweave.controller.service.console.ConsoleControls;
import org.gridweave.controller.service.forecast.ForecastCache;
import org.gridweave.controller.service.grid.GridStore;
import org.gridweave.controller.service.grid.TariffStore;
import org.gridweave.controller.service.schema.SchemaMigrator;
import org.gridweave.controller.service.telemetry.MeasuredStates;
import org.gridweave.controller.tariff.Tariff;
import org.gridweave.core.protocol.Command;
import org.gridweave.core.time.Interval;
import org.gridweave.core.unit.Percent;
import org.gridweave.core.unit.Watts;
import org.jboss.logging.Logger;

/**
 * Runs the dispatch cycle: at the start of every interval (and every {@code replan-every} within
 * it, if set), or on demand. One cycle at a time. Each cycle: reads the grid, tariff, forecasts and
 * the sites' measured states, checks last interval's setpoints were followed, decides ({@link
 * DispatchCycle}), stores the decision, sends one command per controllable site and raises alarms
 * for degraded or fallback decisions.
 */
@ApplicationScoped
public class DispatchService {
  private static final Logger LOG = Logger.getLogger(DispatchService.class);
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @Inject ControllerConfig config;
  @Inject ConsoleControls controls;
  @Inject GridStore grids;
  @Inject TariffStore tariffs;
  @Inject ForecastCache forecasts;
  @Inject MeasuredStates states;
  @Inject DecisionStore decisions;
  @Inject CommandStore commands;
  @Inject CommandChannel channel;
  @Inject AlarmStore alarms;
  @Inject SchemaMigrator schema;
  @Inject Clock clock;
  @Inject org.gridweave.controller.service.market.TradeCommitments trades;
  @Inject org.gridweave.controller.service.leader.LeaderGate leader;

  /** The cycle's inputs (grid, tariff, readings) cannot be read: no decision (503). */
  public static final class Unavailable extends RuntimeException {
    Unavailable(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private Instant lastInterval;
  private Instant lastRun;

  /** The operators' curtailments the last plan kept (set through any controller). */
  private List<ConsoleControls.Curtailment> lastCurtailments;

  @Scheduled(
      every = "{gridweave.controller.cycle.tick}",
      concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
  void tick() {
    if (!config.cycle().enabled() || !schema.migrated()) {
      return;
    }
    if (!leader.acting()) {
      lastInterval = null; // a leader again later looks at what was decided meanwhile
      lastRun = null;
      lastCurtailments = null;
      return;
    }
    try {
      Instant now = clock.instant();
      Interval current = Interval.containing(now, config.interval());
      if (!current.start().equals(lastInterval)) {
        // decided already (by the leader before us, or by us before a restart): not twice
        decisions
            .decidedAt(current.start())
            .ifPresent(at -> {
              lastInterval = current.start();
              lastRun = at;
              if (lastCurtailments == null) { // changes from now on are planned at once
                lastCurtailments = controls.curtailments(now);
              }
            });
      }
      boolean newInterval = !current.start().equals(lastInterval);
      boolean replan =
          config
              .cycle()
              .replanEvery()
              .map(d -> lastRun == null || !now.isBefore(lastRun.plus(d)))
              .orElse(false);
      // a curtailment set or ended (perhaps through another controller) is planned now
      boolean controlsChanged =
          lastCurtailments != null && !lastCurtailments.equals(controls.curtailments(now));
      if (newInterval || replan || controlsChanged) {
        runNow();
      }
    } catch (RuntimeException e) {
      LOG.errorf(e, "dispatch cycle failed");
    }
  }

  /**
   * Runs one cycle for the current interval; empty when there is no grid model yet. Only the leader
   * dispatches ({@link org.gridweave.controller.service.leader.NotLeader} otherwise).
   */
  public synchronized Optional<Decision> runNow() {
    leader.requireActing("dispatch");
    Instant now = clock.instant();
    Interval interval = Interval.containing(now, config.interval());
    GridModel grid;
    Tariff tariff;
    MeasuredStates.Snapshot snapshot;
    try {
      Optional<GridStore.Revision> stored = grids.current().await().atMost(TIMEOUT);
      if (stored.isEmpty()) {
        LOG.debug("no grid model yet; nothing to dispatch");
        return Optional.empty();
      }
      grid = stored.get().grid();
      tariff = tariffs.current().await().atMost(TIMEOUT).tariff();
      snapshot = states.snapshot(grid, interval.start(), config.interval());
      checkFollowing(grid, interval, now);
    } catch (RuntimeException e) {
      String why =
          "the dispatch cycle cannot read its inputs ("
              + e.getMessage()
              + "); setpoints in force stay until they expire";
      LOG.error(why);
      try {
        alarms.raise("dispatch_failed", "grid", now, interval.start(), why);
      } catch (RuntimeException alsoDown) {
        LOG.debugf("alarm not stored either: %s", alsoDown.getMessage());
      }
      throw new Unavailable(why, e);
    }
    DispatchSettings settings = settings();
    Decision decision;
    try (DispatchCycle cycle =
        new DispatchCycle(
            () -> grid,
            () -> tariff,
            forecasts.forGrid(grid, settings.demandQuantile(), settings.generationQuantile()),
            snapshot,
            settings,
            config.cycle().maxForecastAge(),
            clock,
            trades)) {
      decision = cycle.decide(interval);
    }
    int revision = decisions.save(decision);
    send(grid, decision, revision, now);
    lastInterval = interval.start();
    lastRun = now;
    lastCurtailments = controls.curtailments(now);
    if (decision.mode() == Decision.Mode.DEGRADED) {
      alarms.raise("limit_cannot_be_kept", "grid", now, interval.start(), decision.reason());
    } else if (decision.mode() == Decision.Mode.FALLBACK) {
      alarms.raise("dispatch_fallback", "grid", now, interval.start(), decision.reason());
    }
    LOG.infof(
        "interval %s decided (%s, revision %d, %d ms): %s",
        interval.start(), decision.mode(), revision, decision.solveMillis(), decision.reason());
    return Optional.of(decision);
  }

  DispatchSettings settings() {
    ControllerConfig.Dispatch d = config.dispatch();
    return new DispatchSettings(
        config.interval(),
        config.horizonSteps(),
        d.curtailmentPenaltyPerKwh(),
        d.batteryWearPerKwh(),
        d.unservedFlexPenaltyPerKwh(),
        d.limitViolationPenaltyPerKwh(),
        d.demandQuantile(),
        d.generationQuantile(),
        d.threads().orElse(Runtime.getRuntime().availableProcessors()),
        d.solverTimeBudget());
  }

  private void send(GridModel grid, Decision decision, int revision, Instant now) {
    Instant expires = decision.interval().end().plus(config.mqtt().commandGrace());
    if (!expires.isAfter(now)) {
      return;
    }
    long minute = decision.interval().start().getEpochSecond() / 60;
    List<Command> out = new ArrayList<>();
    List<String> sites = new ArrayList<>();
    int k = 0;
    for (SiteDecision s : decision.sites()) {
      k++;
      if (!s.hasBattery() && !s.hasPv() && !s.hasFlex()) {
        continue;
      }
      Optional<Watts> charge =
          s.hasBattery() ? Optional.of(Watts.kilowatts(round(s.chargeKw()))) : Optional.empty();
      Optional<Watts> discharge =
          s.hasBattery() ? Optional.of(Watts.kilowatts(round(s.dischargeKw()))) : Optional.empty();
      Optional<Percent> curtail =
          s.hasPv()
              ? Optional.of(Percent.of(Math.min(100, Math.round(s.curtailPct() * 10) / 10.0)))
              : Optional.empty();
      String sentence = s.sentence();
      Optional<ConsoleControls.Curtailment> forced =
          s.hasPv() ? controls.curtailment(s.site().value(), now) : Optional.empty();
      if (forced.isPresent() && forced.get().pvCurtailPct() > curtail.orElseThrow().value()) {
        curtail = Optional.of(Percent.of(forced.get().pvCurtailPct()));
        sentence =
            sentence
                + " PV curtailed "
                + forced.get().pvCurtailPct()
                + " % by operator "
                + forced.get().by()
                + " until "
                + forced.get().until()
                + ": "
                + forced.get().reason();
      }
      Optional<Watts> defer =
          s.hasFlex() ? Optional.of(Watts.kilowatts(round(s.flexDeferKw()))) : Optional.empty();
      String id = String.format(Locale.ROOT, "d%d-r%d-%d", minute, revision, k);
      out.add(
          new Command(id, s.meter(), now, expires, charge, discharge, curtail, defer, sentence));
      sites.add(s.site().value());
    }
    commands.saveSent(out, sites, decision.interval().start());
    for (int i = 0; i < out.size(); i++) {
      channel.send(org.gridweave.core.id.SiteId.of(sites.get(i)), out.get(i));
    }
  }

  private static double round(double kw) {
    return Math.max(0, Math.round(kw * 1000) / 1000.0);
  }

  /** Raises an alarm for every meter whose battery did not follow last interval's setpoints. */
  private void checkFollowing(GridModel grid, Interval current, Instant now) {
    Interval previous = new Interval(current.start().minus(config.interval()), config.interval());
    // refused last interval, or still unanswered after expiring (which takes until the next one)
    List<Row> unfollowed = new ArrayList<>(commands.unfollowedIn(previous.start(), now));
    Instant twoBack = previous.start().minus(config.interval());
    unfollowed.addAll(commands.unfollowedIn(twoBack, now));
    for (Row r : unfollowed) {
      String status = r.getString("status");
      alarms.raise(
          "rejected".equals(status) ? "setpoint_rejected" : "setpoint_unanswered",
          r.getString("meter_id"),
          now,
          r.getOffsetDateTime("interval_start").toInstant(),
          "rejected".equals(status)
              ? "command " + r.getString("id") + " refused: " + r.getString("detail")
              : "command "
                  + r.getString("id")
                  + " not acknowledged by "
                  + r.getOffsetDateTime("expires_at").toInstant());
    }
    List<Row> applied = commands.appliedIn(previous.start());
    if (applied.isEmpty()) {
      return;
    }
    Set<String> withBattery =
        grid.sites().stream()
            .filter(s -> s.battery().isPresent())
            .map(s -> s.meter().value())
            .collect(Collectors.toSet());
    Map<String, List<Row>> byMeter = new java.util.LinkedHashMap<>();
    for (Row r : applied) {
      if (withBattery.contains(r.getString("meter_id"))) {
        byMeter.computeIfAbsent(r.getString("meter_id"), m -> new ArrayList<>()).add(r);
      }
    }
    if (byMeter.isEmpty()) {
      return;
    }
    Map<String, MeasuredStates.IntervalEnergy> energy =
        states.energies(List.copyOf(byMeter.keySet()), previous.start(), config.interval());
    for (var e : byMeter.entrySet()) {
      MeasuredStates.IntervalEnergy measured = energy.get(e.getKey());
      if (measured == null) {
        continue; // no telemetry for the interval: an offline meter is another alarm's business
      }
      List<SetpointFollowing.Held> held = new ArrayList<>();
      List<Row> rows = e.getValue();
      for (int i = 0; i < rows.size(); i++) {
        Row r = rows.get(i);
        Instant from = r.getOffsetDateTime("answered_at").toInstant();
        Instant to =
            i + 1 < rows.size()
                ? rows.get(i + 1).getOffsetDateTime("answered_at").toInstant()
                : r.getOffsetDateTime("expires_at").toInstant();
        held.add(
            new SetpointFollowing.Held(
                kw(r, "battery_charge_w"), kw(r, "battery_discharge_w"), from, to));
      }
      SetpointFollowing.battery(
              held,
              previous,
              measured.chargeKwh(),
              measured.dischargeKwh(),
              config.alarms().batteryToleranceKwh(),
              config.alarms().batteryToleranceShare())
          .ifPresent(
              detail -> alarms.raise("not_following", e.getKey(), now, previous.start(), detail));
    }
  }

  private static double kw(Row r, String column) {
    Double w = r.getDouble(column);
    return w == null ? 0 : w / 1000;
  }
}

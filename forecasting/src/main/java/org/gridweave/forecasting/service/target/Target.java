package org.gridweave.forecasting.service.target;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import org.gridweave.core.id.FeederId;
import org.gridweave.core.id.MeterId;

/**
 * One forecast series: {@code {quantity}.{scope}.{id}} at a step, e.g. {@code demand.feeder.f-1} at
 * {@code PT15M}. The id is a meter or feeder id as the gateway registers it (it may contain dots,
 * so it is everything after the second dot).
 *
 * @param step a whole multiple of the gateway's interval that divides a day
 */
public record Target(Quantity quantity, Scope scope, String id, Duration step) {
  public Target {
    if (!MeterId.isValid(id)) {
      throw new InvalidTarget("target", "'" + id + "' is not a valid meter or feeder id");
    }
  }

  /**
   * Parses a target name and an optional step.
   *
   * @param step ISO-8601 duration ({@code PT1H}); null or blank for the gateway's interval
   * @param interval the gateway's interval roll-up length
   * @throws InvalidTarget naming the field at fault
   */
  public static Target parse(String name, String step, Duration interval) {
    if (name == null || name.isBlank()) {
      throw new InvalidTarget("target", "a target is required, e.g. demand.feeder.f-1");
    }
    String[] parts = name.split("\\.", 3);
    if (parts.length < 3) {
      throw new InvalidTarget(
          "target",
          "target '"
              + name
              + "' must be {quantity}.{scope}.{id}, e.g. demand.feeder.f-1 or pv.meter.m-0001");
    }
    Quantity quantity = null;
    for (Quantity q : Quantity.values()) {
      if (q.key().equals(parts[0])) {
        quantity = q;
      }
    }
    if (quantity == null) {
      throw new InvalidTarget(
          "target",
          "unknown quantity '" + parts[0] + "' in '" + name + "' (known: demand, pv, wind)");
    }
    Scope scope = null;
    for (Scope s : Scope.values()) {
      if (s.key().equals(parts[1])) {
        scope = s;
      }
    }
    if (scope == null) {
      throw new InvalidTarget(
          "target", "unknown scope '" + parts[1] + "' in '" + name + "' (known: meter, feeder)");
    }
    if (scope == Scope.FEEDER && !FeederId.isValid(parts[2])
        || scope == Scope.METER && !MeterId.isValid(parts[2])) {
      throw new InvalidTarget(
          "target", "'" + parts[2] + "' is not a valid " + scope.key() + " id in '" + name + "'");
    }
    return new Target(quantity, scope, parts[2], parseStep(step, interval));
  }

  static Duration parseStep(String text, Duration interval) {
    if (text == null || text.isBlank()) {
      return interval;
    }
    Duration step;
    try {
      step = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
    } catch (DateTimeParseException e) {
      throw new InvalidTarget("step", "step '" + text + "' is not an ISO-8601 duration like PT1H");
    }
    if (step.isNegative()
        || step.isZero()
        || step.toSeconds() % interval.toSeconds() != 0
        || Duration.ofDays(1).toSeconds() % step.toSeconds() != 0) {
      throw new InvalidTarget(
          "step",
          "step "
              + step
              + " must be a whole multiple of the "
              + interval
              + " interval that divides a day (e.g. "
              + interval
              + " or PT1H)");
    }
    return step;
  }

  /** The name without the step, as used in URLs: {@code demand.feeder.f-1}. */
  public String name() {
    return quantity.key() + "." + scope.key() + "." + id;
  }

  /** Whether this target is at the gateway's own interval (the default step). */
  public boolean atInterval(Duration interval) {
    return step.equals(interval);
  }

  /** How many gateway intervals make one step. */
  public int intervalsPerStep(Duration interval) {
    return (int) (step.toSeconds() / interval.toSeconds());
  }

  @Override
  public String toString() {
    return name() + "@" + step;
  }
}

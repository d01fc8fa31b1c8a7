package org.gridweave.controller.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.gridweave.core.time.Interval;

/**
 * Whether a meter followed its battery setpoints over an interval, judged from its own energy
 * counters: the battery's net AC energy (charged − discharged) must be within {@code toleranceKwh}
 * or {@code toleranceShare} of what the setpoints in force asked for, whichever is larger. A
 * setpoint counts from when the meter applied it until the next one was applied or the interval
 * ended. An interval whose first setpoint was applied later than 10 % into it is not judged (the
 * battery did something else before). PV curtailment and flexible loads are not judged: their
 * counters cannot tell a setpoint from a cloud or a habit.
 */
public final class SetpointFollowing {
  private SetpointFollowing() {}

  /** A battery setpoint in force from {@code from} (when it was applied) until {@code to}. */
  public record Held(double chargeKw, double dischargeKw, Instant from, Instant to) {}

  /**
   * @param held the setpoints of the interval, in the order they were applied
   * @return empty when followed (or not judgeable), else a sentence for the alarm
   */
  public static Optional<String> battery(
      List<Held> held,
      Interval interval,
      double chargedKwh,
      double dischargedKwh,
      double toleranceKwh,
      double toleranceShare) {
    if (held.isEmpty()
        || held.get(0).from().isAfter(interval.start().plus(interval.length().dividedBy(10)))) {
      return Optional.empty();
    }
    double expected = 0;
    for (Held h : held) {
      Instant from = h.from().isBefore(interval.start()) ? interval.start() : h.from();
      Instant to = h.to().isAfter(interval.end()) ? interval.end() : h.to();
      if (to.isAfter(from)) {
        expected +=
            (h.chargeKw() - h.dischargeKw()) * Duration.between(from, to).toMillis() / 3_600_000.0;
      }
    }
    double measured = chargedKwh - dischargedKwh;
    double allowed = Math.max(toleranceKwh, toleranceShare * Math.abs(expected));
    if (Math.abs(measured - expected) <= allowed) {
      return Optional.empty();
    }
    Held last = held.get(held.size() - 1);
    return Optional.of(
        String.format(
            Locale.ROOT,
            "battery net energy %.2f kWh over the interval, setpoints asked for %.2f kWh (last: %s),"
                + " allowed ±%.2f kWh",
            measured,
            expected,
            last.chargeKw() > 0
                ? String.format(Locale.ROOT, "charge %.1f kW", last.chargeKw())
                : last.dischargeKw() > 0
                    ? String.format(Locale.ROOT, "discharge %.1f kW", last.dischargeKw())
                    : "hold",
            allowed));
  }
}

package org.gridweave.controller.dispatch;

import java.util.Locale;
import java.util.Optional;

/**
 * Whether a meter followed its battery setpoint over an interval, judged from its own energy
 * counters: the battery's net AC energy (charged − discharged) must be within {@code toleranceKwh}
 * or {@code toleranceShare} of the setpoint's, whichever is larger. PV curtailment and flexible
 * loads are not judged (their counters cannot tell a setpoint from a cloud or a habit).
 */
public final class SetpointFollowing {
  private SetpointFollowing() {}

  /**
   * @return empty when followed, else a sentence for the alarm
   */
  public static Optional<String> battery(
      double setChargeKw,
      double setDischargeKw,
      double hours,
      double chargedKwh,
      double dischargedKwh,
      double toleranceKwh,
      double toleranceShare) {
    double expected = (setChargeKw - setDischargeKw) * hours;
    double measured = chargedKwh - dischargedKwh;
    double allowed = Math.max(toleranceKwh, toleranceShare * Math.abs(expected));
    if (Math.abs(measured - expected) <= allowed) {
      return Optional.empty();
    }
    return Optional.of(
        String.format(
            Locale.ROOT,
            "battery net energy %.2f kWh over the interval, setpoint %.2f kWh (%s), allowed ±%.2f kWh",
            measured,
            expected,
            setChargeKw > 0
                ? String.format(Locale.ROOT, "charge %.1f kW", setChargeKw)
                : setDischargeKw > 0
                    ? String.format(Locale.ROOT, "discharge %.1f kW", setDischargeKw)
                    : "hold",
            allowed));
  }
}

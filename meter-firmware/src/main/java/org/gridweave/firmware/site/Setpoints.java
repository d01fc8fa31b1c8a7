package org.gridweave.firmware.site;

import java.time.Instant;
import org.gridweave.core.protocol.Command;

/**
 * The setpoints a site holds until they expire. Battery power is signed here only as two separate
 * non-negative fields, like on the wire.
 *
 * @param batteryChargeW held charging power, or NaN for none
 * @param batteryDischargeW held discharging power, or NaN for none
 * @param pvCurtailmentPct share of PV to curtail, 0 for none
 * @param flexDeferralW flexible load postponed, 0 for none
 * @param expiresAt when they lapse; {@link Instant#MIN} when nothing is held
 */
public record Setpoints(
    double batteryChargeW,
    double batteryDischargeW,
    double pvCurtailmentPct,
    double flexDeferralW,
    Instant expiresAt) {

  public static final Setpoints NONE = new Setpoints(Double.NaN, Double.NaN, 0, 0, Instant.MIN);

  /** The setpoints after applying {@code c}: fields the command leaves out keep their value. */
  public Setpoints with(Command c) {
    double charge = c.batteryCharge().map(w -> w.value()).orElse(batteryChargeW);
    double discharge = c.batteryDischarge().map(w -> w.value()).orElse(batteryDischargeW);
    if (c.batteryCharge().isPresent() && c.batteryCharge().get().value() > 0) {
      discharge = Double.NaN;
    }
    if (c.batteryDischarge().isPresent() && c.batteryDischarge().get().value() > 0) {
      charge = Double.NaN;
    }
    return new Setpoints(
        charge,
        discharge,
        c.pvCurtailment().map(p -> p.value()).orElse(pvCurtailmentPct),
        c.flexDeferral().map(w -> w.value()).orElse(flexDeferralW),
        c.expiresAt());
  }

  public boolean activeAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  public boolean holdsBattery() {
    return !Double.isNaN(batteryChargeW) || !Double.isNaN(batteryDischargeW);
  }

  /** Positive to charge, negative to discharge. */
  public double batteryPowerW() {
    if (!Double.isNaN(batteryChargeW) && batteryChargeW > 0) {
      return batteryChargeW;
    }
    if (!Double.isNaN(batteryDischargeW) && batteryDischargeW > 0) {
      return -batteryDischargeW;
    }
    return 0;
  }

  public String describe() {
    StringBuilder b = new StringBuilder();
    if (!Double.isNaN(batteryChargeW) && batteryChargeW > 0) {
      b.append("battery charging at ").append(fmt(batteryChargeW)).append(" W");
    } else if (!Double.isNaN(batteryDischargeW) && batteryDischargeW > 0) {
      b.append("battery discharging at ").append(fmt(batteryDischargeW)).append(" W");
    } else if (holdsBattery()) {
      b.append("battery idle");
    }
    if (pvCurtailmentPct > 0) {
      b.append(b.isEmpty() ? "" : ", ").append("PV curtailed by ").append(fmt(pvCurtailmentPct));
      b.append(" %");
    }
    if (flexDeferralW > 0) {
      b.append(b.isEmpty() ? "" : ", ").append(fmt(flexDeferralW)).append(" W of flexible load");
      b.append(" deferred");
    }
    if (b.isEmpty()) {
      b.append("no setpoint");
    }
    return b.append(" until ").append(expiresAt).toString();
  }

  private static String fmt(double v) {
    return v == Math.rint(v) ? Long.toString((long) v) : String.format("%.1f", v);
  }
}

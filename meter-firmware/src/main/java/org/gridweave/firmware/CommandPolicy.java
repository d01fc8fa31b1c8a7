package org.gridweave.firmware;

import java.util.Optional;
import org.gridweave.core.protocol.Command;
import org.gridweave.firmware.site.SiteRatings;

/** Checks a command's setpoints against what the site's assets can do. */
final class CommandPolicy {
  private CommandPolicy() {}

  /** Why the command cannot be followed, or empty when it is within the ratings. */
  static Optional<String> violation(Command c, SiteRatings r) {
    if (c.batteryCharge().isPresent() || c.batteryDischarge().isPresent()) {
      if (!r.hasBattery()) {
        return Optional.of("battery setpoint refused: this site has no battery");
      }
    }
    if (c.batteryCharge().isPresent() && c.batteryCharge().get().exceeds(r.batteryMaxCharge())) {
      return Optional.of(
          "battery charge setpoint of "
              + c.batteryCharge().get()
              + " exceeds the battery's maximum charge power of "
              + r.batteryMaxCharge());
    }
    if (c.batteryDischarge().isPresent()
        && c.batteryDischarge().get().exceeds(r.batteryMaxDischarge())) {
      return Optional.of(
          "battery discharge setpoint of "
              + c.batteryDischarge().get()
              + " exceeds the battery's maximum discharge power of "
              + r.batteryMaxDischarge());
    }
    if (c.pvCurtailment().isPresent() && c.pvCurtailment().get().value() > 0 && !r.hasPv()) {
      return Optional.of("PV curtailment refused: this site has no PV");
    }
    if (c.flexDeferral().isPresent() && c.flexDeferral().get().exceeds(r.flexibleLoad())) {
      return Optional.of(
          "flexible-load deferral of "
              + c.flexDeferral().get()
              + " exceeds the site's flexible load of "
              + r.flexibleLoad());
    }
    return Optional.empty();
  }
}

package org.gridweave.core.protocol;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;

final class TelemetryFixtures {
  static final MeterKeyPair KEY = MeterKeyPair.fromSeed(new byte[32]);

  private TelemetryFixtures() {}

  static TelemetryMessage message(long seq, int samples) {
    List<Sample> list = new ArrayList<>();
    Instant t0 = Instant.parse("2026-11-25T10:00:00Z");
    for (int i = 0; i < samples; i++) {
      list.add(
          Sample.at(t0.plusSeconds(i))
              .with(Measurement.POWER_IMPORT, 1200.5)
              .with(Measurement.POWER_EXPORT, 0)
              .with(Measurement.ENERGY_IMPORT, 1000 + i)
              .with(Measurement.ENERGY_EXPORT, 50)
              .with(Measurement.BATTERY_SOC, 42.5)
              .build());
    }
    return TelemetryMessage.unsigned(MeterId.of("m-1"), SiteId.of("s-1"), seq, "fw/0.1.0", list)
        .signedWith(KEY);
  }
}

package org.gridweave.gateway.it;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.gridweave.core.crypto.MeterKeyPair;
import org.gridweave.core.id.MeterId;
import org.gridweave.core.id.SiteId;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.Sample;
import org.gridweave.core.protocol.TelemetryMessage;

/** Test meters with reproducible keys, producing signed messages. */
final class Meters {
  private Meters() {}

  static MeterKeyPair key(int n) {
    byte[] seed = new byte[32];
    seed[0] = (byte) n;
    seed[31] = 7;
    return MeterKeyPair.fromSeed(seed);
  }

  /** Samples one second apart from {@code start}, counters rising from {@code counter}. */
  static List<Sample> samples(Instant start, int count, double counter) {
    List<Sample> list = new ArrayList<>();
    start = start.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    for (int i = 0; i < count; i++) {
      list.add(
          Sample.at(start.plusSeconds(i))
              .with(Measurement.POWER_IMPORT, 1800)
              .with(Measurement.POWER_EXPORT, 0)
              .with(Measurement.ENERGY_IMPORT, counter + 0.5 * i)
              .with(Measurement.ENERGY_EXPORT, 10)
              .with(Measurement.BATTERY_SOC, 50)
              .with(Measurement.VOLTAGE, 230.1)
              .with(Measurement.FREQUENCY, 50.01)
              .build());
    }
    return list;
  }

  static TelemetryMessage signed(
      String meter, String site, long seq, List<Sample> samples, MeterKeyPair key) {
    return TelemetryMessage.unsigned(MeterId.of(meter), SiteId.of(site), seq, "test/1", samples)
        .signedWith(key);
  }
}

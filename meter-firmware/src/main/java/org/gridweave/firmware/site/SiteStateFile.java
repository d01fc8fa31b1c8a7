package org.gridweave.firmware.site;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.firmware.state.AtomicFile;

/** Keeps a driver's {@link SiteState} in the meter's state directory ({@code site.properties}). */
public final class SiteStateFile {
  private final Path file;
  private final boolean fsync;

  public SiteStateFile(Path stateDir, boolean fsync) {
    this.file = stateDir.resolve("site.properties");
    this.fsync = fsync;
  }

  public Optional<SiteState> load() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      p.load(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read site state " + file, e);
    }
    try {
      Map<Measurement, Double> counters = new EnumMap<>(Measurement.class);
      for (Measurement m : Measurement.values()) {
        String v = p.getProperty("counter." + m.field());
        if (v != null && m.isEnergyCounter()) {
          counters.put(m, Double.parseDouble(v));
        }
      }
      Setpoints setpoints =
          new Setpoints(
              number(p, "setpoint.battery_charge_w"),
              number(p, "setpoint.battery_discharge_w"),
              number(p, "setpoint.pv_curtail_pct", 0),
              number(p, "setpoint.flex_defer_w", 0),
              instant(p, "setpoint.expires_at", Instant.MIN));
      return Optional.of(
          new SiteState(
              counters, number(p, "battery_soc_pct"), setpoints, instant(p, "last_reading", null)));
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          "site state " + file + " is corrupt (" + e.getMessage() + "); fix or delete it", e);
    }
  }

  public void save(SiteState state) {
    Properties p = new Properties();
    state.counters().forEach((m, wh) -> p.setProperty("counter." + m.field(), Double.toString(wh)));
    p.setProperty("battery_soc_pct", Double.toString(state.batterySocPct()));
    Setpoints s = state.setpoints();
    p.setProperty("setpoint.battery_charge_w", Double.toString(s.batteryChargeW()));
    p.setProperty("setpoint.battery_discharge_w", Double.toString(s.batteryDischargeW()));
    p.setProperty("setpoint.pv_curtail_pct", Double.toString(s.pvCurtailmentPct()));
    p.setProperty("setpoint.flex_defer_w", Double.toString(s.flexDeferralW()));
    p.setProperty("setpoint.expires_at", s.expiresAt().toString());
    if (state.lastReading() != null) {
      p.setProperty("last_reading", state.lastReading().toString());
    }
    AtomicFile.write(
        file,
        fsync,
        (Writer w) -> {
          p.store(w, "GridWeave meter site state");
        });
  }

  private static double number(Properties p, String key) {
    return number(p, key, Double.NaN);
  }

  private static double number(Properties p, String key, double absent) {
    String v = p.getProperty(key);
    return v == null ? absent : Double.parseDouble(v);
  }

  private static Instant instant(Properties p, String key, Instant absent) {
    String v = p.getProperty(key);
    return v == null ? absent : Instant.parse(v);
  }
}

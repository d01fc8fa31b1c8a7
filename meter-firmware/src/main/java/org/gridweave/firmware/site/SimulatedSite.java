package org.gridweave.firmware.site;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridweave.core.protocol.Command;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.Sample;

/**
 * A simulated prosumer site: PV following a clear-sky day curve with seeded cloud noise, wind with
 * seeded gusts, a household load profile and a battery. Without a battery setpoint the battery runs
 * in self-consumption mode (stores surplus, covers deficit). Energy counters integrate each power
 * reading over the time since the previous reading. Deterministic for a given seed and sequence of
 * reading instants.
 *
 * <p>Built with {@link SitePowers}, the load, PV and wind come from there instead (PV curtailment
 * setpoints still apply); the battery, connection limit and metering stay the same.
 */
public final class SimulatedSite implements SiteDriver {
  private static final double MIN_SOC_PCT = 5;
  private static final double MAX_SOC_PCT = 100;
  private static final double CHARGE_EFFICIENCY = 0.95;

  /** Longer gaps (firmware down) are not integrated: the meter did not see the power then. */
  private static final Duration MAX_INTEGRATION_GAP = Duration.ofMinutes(15);

  private final SiteRatings ratings;
  private final Random random;
  private final double baseLoadW;
  private final double longitudeHours;
  private final EnergyCounters counters;
  private double socPct;
  private Setpoints setpoints = Setpoints.NONE;
  private Instant last;
  private double cloud = 1.0;
  private double windFactor = 0.3;
  private final SitePowers powers;

  public SimulatedSite(SiteRatings ratings, long seed) {
    this(ratings, seed, null);
  }

  /** A site whose load, PV and wind follow {@code powers}. */
  public SimulatedSite(SiteRatings ratings, long seed, SitePowers powers) {
    this.ratings = ratings;
    this.powers = powers;
    this.random = new Random(seed);
    this.baseLoadW = 250 + random.nextDouble() * 250;
    this.longitudeHours = (random.nextDouble() - 0.5) * 0.5;
    this.socPct = ratings.hasBattery() ? 50 : Double.NaN;
    List<Measurement> present = new ArrayList<>();
    present.add(Measurement.ENERGY_IMPORT);
    present.add(Measurement.ENERGY_EXPORT);
    if (ratings.hasPv()) {
      present.add(Measurement.ENERGY_PV);
    }
    if (ratings.hasWind()) {
      present.add(Measurement.ENERGY_WIND);
    }
    if (ratings.hasBattery()) {
      present.add(Measurement.ENERGY_BATTERY_CHARGE);
      present.add(Measurement.ENERGY_BATTERY_DISCHARGE);
    }
    this.counters = new EnergyCounters(present);
  }

  @Override
  public Sample read(Instant now) {
    double seconds = elapsedSeconds(now);
    last = now;
    double pv = pvPower(now, seconds);
    double wind = powers != null ? windFrom(now) : windPower(seconds);
    double load = loadPower(now);
    double battery = batteryPower(now, load - pv - wind, seconds);
    double grid = load + battery - pv - wind;
    double exportLimit = ratings.gridExportLimit().value();
    if (-grid > exportLimit) {
      // the inverter curtails PV so the export stays within the connection limit
      double curtail = Math.min(pv, -grid - exportLimit);
      pv -= curtail;
      grid += curtail;
    }
    double importW = round(Math.max(grid, 0));
    double exportW = round(Math.max(-grid, 0));
    counters.add(Measurement.ENERGY_IMPORT, importW, seconds);
    counters.add(Measurement.ENERGY_EXPORT, exportW, seconds);
    counters.add(Measurement.ENERGY_PV, pv, seconds);
    counters.add(Measurement.ENERGY_WIND, wind, seconds);
    counters.add(Measurement.ENERGY_BATTERY_CHARGE, Math.max(battery, 0), seconds);
    counters.add(Measurement.ENERGY_BATTERY_DISCHARGE, Math.max(-battery, 0), seconds);

    Sample.Builder b =
        Sample.at(now)
            .with(Measurement.POWER_IMPORT, importW)
            .with(Measurement.POWER_EXPORT, exportW);
    counters.view().forEach((m, wh) -> b.with(m, wh));
    if (ratings.hasBattery()) {
      b.with(Measurement.BATTERY_SOC, Math.round(socPct * 100) / 100.0);
    }
    b.with(Measurement.VOLTAGE, round(230 + random.nextGaussian() * 1.5 + exportW / 2000.0));
    b.with(Measurement.FREQUENCY, Math.round((50 + random.nextGaussian() * 0.02) * 1000) / 1000.0);
    return b.build();
  }

  /** The power values in a sample are rounded; the counters integrate these rounded values. */
  private static double round(double w) {
    return Math.round(w * 10) / 10.0;
  }

  private double elapsedSeconds(Instant now) {
    if (last == null || !now.isAfter(last)) {
      return 0;
    }
    Duration gap = Duration.between(last, now);
    return gap.compareTo(MAX_INTEGRATION_GAP) > 0 ? 0 : gap.toMillis() / 1000.0;
  }

  private double pvPower(Instant now, double seconds) {
    if (!ratings.hasPv()) {
      return 0;
    }
    if (powers != null) {
      double curtail = setpoints.activeAt(now) ? setpoints.pvCurtailmentPct() / 100.0 : 0;
      return Math.max(0, powers.pvAvailableW(now)) * (1 - curtail);
    }
    ZonedDateTime t = now.atZone(ZoneOffset.UTC);
    double hour = t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0 + longitudeHours;
    int day = t.getDayOfYear();
    double season = 0.5 - 0.5 * Math.cos(2 * Math.PI * (day + 10) / 365.0);
    double halfDay = 4.0 + 4.0 * season;
    double elevation = Math.cos(Math.PI * (hour - 12.0) / (2 * halfDay));
    if (Math.abs(hour - 12.0) >= halfDay || elevation <= 0) {
      return 0;
    }
    double clearSky = Math.pow(elevation, 1.2) * (0.55 + 0.45 * season);
    cloud = drift(cloud, 0.85, 0.08, seconds, 0.15, 1.0);
    double curtail = setpoints.activeAt(now) ? setpoints.pvCurtailmentPct() / 100.0 : 0;
    return ratings.pvPeak().value() * clearSky * cloud * (1 - curtail);
  }

  private double windPower(double seconds) {
    if (!ratings.hasWind()) {
      return 0;
    }
    windFactor = drift(windFactor, 0.35, 0.05, seconds, 0, 1);
    return ratings.wind().value() * windFactor;
  }

  private double windFrom(Instant now) {
    return ratings.hasWind() ? Math.max(0, powers.windW(now)) : 0;
  }

  /** A mean-reverting random walk, advanced once per reading (stands still when no time passed). */
  private double drift(
      double value, double mean, double volatility, double seconds, double min, double max) {
    if (seconds <= 0) {
      return value;
    }
    double steps = Math.min(seconds, 60);
    double next =
        value
            + (mean - value) * 0.01 * steps
            + random.nextGaussian() * volatility * Math.sqrt(steps / 60);
    return Math.max(min, Math.min(max, next));
  }

  private double loadPower(Instant now) {
    if (powers != null) {
      return Math.max(0, powers.loadW(now));
    }
    ZonedDateTime t = now.atZone(ZoneOffset.UTC);
    double hour = t.getHour() + t.getMinute() / 60.0;
    double morning = 600 * Math.exp(-Math.pow((hour - 7.5) / 1.2, 2));
    double evening = 1200 * Math.exp(-Math.pow((hour - 19.0) / 2.0, 2));
    double flex = ratings.flexibleLoad().value() * 0.4 * Math.exp(-Math.pow((hour - 13.0) / 3, 2));
    if (setpoints.activeAt(now)) {
      flex = Math.max(0, flex - setpoints.flexDeferralW());
    }
    double noise = 1 + random.nextGaussian() * 0.05;
    return Math.max(50, (baseLoadW + morning + evening) * noise + flex);
  }

  /** Positive when charging. {@code deficit} is load minus generation. */
  private double batteryPower(Instant now, double deficit, double seconds) {
    if (!ratings.hasBattery()) {
      return 0;
    }
    double wanted =
        setpoints.activeAt(now) && setpoints.holdsBattery() ? setpoints.batteryPowerW() : -deficit;
    double capacityWh = ratings.batteryCapacity().value();
    double power;
    if (wanted > 0) {
      power = Math.min(wanted, ratings.batteryMaxCharge().value());
      if (socPct >= MAX_SOC_PCT) {
        power = 0;
      } else if (seconds > 0) {
        double roomWh = (MAX_SOC_PCT - socPct) / 100 * capacityWh / CHARGE_EFFICIENCY;
        power = Math.min(power, roomWh * 3600 / seconds);
      }
    } else {
      power = -Math.min(-wanted, ratings.batteryMaxDischarge().value());
      if (socPct <= MIN_SOC_PCT) {
        power = 0;
      } else if (seconds > 0) {
        double availableWh = (socPct - MIN_SOC_PCT) / 100 * capacityWh;
        power = -Math.min(-power, availableWh * 3600 / seconds);
      }
    }
    power = round(power);
    double storedWh = power > 0 ? power * CHARGE_EFFICIENCY : power;
    socPct = Math.max(0, Math.min(100, socPct + storedWh * seconds / 3600 / capacityWh * 100));
    return power;
  }

  @Override
  public CommandOutcome apply(Command command) {
    if (command.batteryCharge().isPresent() || command.batteryDischarge().isPresent()) {
      if (!ratings.hasBattery()) {
        return CommandOutcome.refused("this site has no battery");
      }
    }
    if (command.pvCurtailment().isPresent() && !ratings.hasPv()) {
      return CommandOutcome.refused("this site has no PV to curtail");
    }
    setpoints = setpoints.with(command);
    return CommandOutcome.applied("holding " + setpoints.describe());
  }

  @Override
  public SiteRatings ratings() {
    return ratings;
  }

  @Override
  public SiteState state() {
    return new SiteState(counters.snapshot(), socPct, setpoints, last);
  }

  @Override
  public void restore(SiteState state) {
    counters.restore(state.counters());
    if (ratings.hasBattery() && !Double.isNaN(state.batterySocPct())) {
      socPct = Math.max(0, Math.min(100, state.batterySocPct()));
    }
    setpoints = state.setpoints();
    last = state.lastReading();
  }

  /** Current battery state of charge in percent, NaN without battery. */
  public double batterySocPct() {
    return socPct;
  }
}

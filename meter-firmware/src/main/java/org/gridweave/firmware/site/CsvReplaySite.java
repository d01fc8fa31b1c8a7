package org.gridweave.firmware.site;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.gridweave.core.protocol.Command;
import org.gridweave.core.protocol.Measurement;
import org.gridweave.core.protocol.Sample;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;

/**
 * Replays a recorded household {@link ReplayProfile}: the current time, shifted by a per-meter
 * offset, is mapped onto the same time of year in the profile (wrapping around), and the recorded
 * powers are scaled. Energy counters integrate the replayed power, so they continue across
 * restarts. PV curtailment and flexible-load deferral shift the net grid power; a replayed site has
 * no battery.
 */
public final class CsvReplaySite implements SiteDriver {
  private static final Duration MAX_INTEGRATION_GAP = Duration.ofMinutes(15);

  private final ReplayProfile profile;
  private final double scale;
  private final Duration offset;
  private final SiteRatings ratings;
  private final Random random;
  private final EnergyCounters counters;
  private Setpoints setpoints = Setpoints.NONE;
  private Instant last;

  /**
   * @param profile the recorded powers
   * @param scale factor applied to every recorded power
   * @param offset added to the current time before it is mapped onto the profile
   * @param ratings what the site can do; see {@link #ratingsFor}
   * @param seed seeds the voltage and frequency noise
   */
  public CsvReplaySite(
      ReplayProfile profile, double scale, Duration offset, SiteRatings ratings, long seed) {
    if (!(scale > 0) || !Double.isFinite(scale)) {
      throw new IllegalArgumentException("replay scale must be a positive number, was " + scale);
    }
    this.profile = profile;
    this.scale = scale;
    this.offset = offset;
    this.ratings = ratings;
    this.random = new Random(seed);
    List<Measurement> present = new ArrayList<>();
    present.add(Measurement.ENERGY_IMPORT);
    present.add(Measurement.ENERGY_EXPORT);
    if (profile.hasPv()) {
      present.add(Measurement.ENERGY_PV);
    }
    this.counters = new EnergyCounters(present);
  }

  /**
   * A seeded offset of whole days (0 to 27) plus up to an hour, so meters replaying one file do not
   * move in lockstep.
   */
  public static Duration offsetFor(long seed) {
    Random r = new Random(seed);
    return Duration.ofDays(r.nextInt(28)).plusMinutes(r.nextInt(60));
  }

  /** Ratings that cover what the scaled profile ever does. */
  public static SiteRatings ratingsFor(ReplayProfile profile, double scale) {
    double pv = Math.ceil(profile.maxPvW() * scale);
    double imp = Math.max(Math.ceil(profile.maxImportW() * scale * 1.5), 1000);
    double exp = Math.ceil(profile.maxExportW() * scale * 1.5);
    return new SiteRatings(
        Watts.of(pv),
        Watts.ZERO,
        WattHours.ZERO,
        Watts.ZERO,
        Watts.ZERO,
        Watts.of(Math.ceil(imp / 3)),
        Watts.of(imp),
        Watts.of(exp));
  }

  @Override
  public Sample read(Instant now) {
    double seconds = elapsedSeconds(now);
    last = now;
    ReplayProfile.Powers p = profile.at(profile.positionSeconds(now.plus(offset)));
    double pv = p.pvW() * scale;
    double net = (p.importW() - p.exportW()) * scale;
    if (setpoints.activeAt(now)) {
      double curtailed = pv * setpoints.pvCurtailmentPct() / 100.0;
      pv -= curtailed;
      net += curtailed;
      net -= Math.min(setpoints.flexDeferralW(), Math.max(net, 0));
    }
    double importW = round(Math.max(net, 0));
    double exportW = round(Math.max(-net, 0));
    counters.add(Measurement.ENERGY_IMPORT, importW, seconds);
    counters.add(Measurement.ENERGY_EXPORT, exportW, seconds);
    counters.add(Measurement.ENERGY_PV, pv, seconds);
    Sample.Builder b =
        Sample.at(now)
            .with(Measurement.POWER_IMPORT, importW)
            .with(Measurement.POWER_EXPORT, exportW);
    counters.view().forEach((m, wh) -> b.with(m, wh));
    b.with(Measurement.VOLTAGE, round(230 + random.nextGaussian() * 1.5));
    b.with(Measurement.FREQUENCY, Math.round((50 + random.nextGaussian() * 0.02) * 1000) / 1000.0);
    return b.build();
  }

  private double elapsedSeconds(Instant now) {
    if (last == null || !now.isAfter(last)) {
      return 0;
    }
    Duration gap = Duration.between(last, now);
    return gap.compareTo(MAX_INTEGRATION_GAP) > 0 ? 0 : gap.toMillis() / 1000.0;
  }

  private static double round(double w) {
    return Math.round(w * 10) / 10.0;
  }

  @Override
  public CommandOutcome apply(Command command) {
    if (command.batteryCharge().isPresent() || command.batteryDischarge().isPresent()) {
      return CommandOutcome.refused("this replayed site has no battery");
    }
    if (command.pvCurtailment().isPresent() && !profile.hasPv()) {
      return CommandOutcome.refused("this replayed site has no PV to curtail");
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
    return new SiteState(counters.snapshot(), Double.NaN, setpoints, last);
  }

  @Override
  public void restore(SiteState state) {
    counters.restore(state.counters());
    setpoints = state.setpoints();
    last = state.lastReading();
  }

  public ReplayProfile profile() {
    return profile;
  }
}

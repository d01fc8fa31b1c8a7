package org.gridweave.simulations.engine;

import java.util.Optional;
import java.util.SplittableRandom;
import org.gridweave.simulations.profile.GefcomSeries;
import org.gridweave.simulations.profile.LondonDemand;
import org.gridweave.simulations.profile.SolarGeometry;
import org.gridweave.simulations.profile.Weather;
import org.gridweave.simulations.scenario.Scenario;

/**
 * The true demand, PV and wind of every prosumer, one day at a time (kW averaged over each step).
 * Days must be asked for in order (each prosumer draws from its own seeded generator, split from
 * the scenario's seed in prosumer order), so a run is reproducible whatever else happens.
 *
 * <ul>
 *   <li>demand, synthetic: a household's yearly energy shaped by time of day (morning and evening
 *       peaks), weekday/weekend and season, times a per-household noise process with occasional
 *       appliance spikes;
 *   <li>demand, london: a Low Carbon London household picked per prosumer, shifted by a random
 *       number of days and scaled to the prosumer's yearly energy;
 *   <li>PV: kWp × clear-sky (sun elevation) × orientation × (1 − 0.75 × cloud cover);
 *   <li>wind: the shared wind speed × a site factor through a small turbine's power curve (cut-in 3
 *       m/s, rated 12 m/s, cut-out 25 m/s);
 *   <li>PV {@code gefcom2014} / wind {@code gefcom2012}: instead, a real farm's hourly fraction of
 *       capacity ({@link GefcomSeries}), one farm per feeder (feeder index modulo the farms), × kWp
 *       × orientation or × the turbine's rating.
 * </ul>
 */
final class Profiles implements ProfileSource {
  private final Scenario s;
  private final Prosumers p;
  private final LondonDemand london;
  private final SplittableRandom[] rnd;
  private final double[] noise;
  private final int[] household;
  private final int[] shiftDays;
  private final double[] londonScale;
  private final Weather weather;
  private final double[] cloud;
  private final double[] windSpeed;
  private final double[] shape;
  private final int spd;
  private final long stepSeconds;
  private final GefcomSeries solar; // null: synthetic PV
  private final GefcomSeries windFarms; // null: synthetic wind
  private final double solarShiftSeconds;
  private final double[][] pvFraction; // [feeder][step of day], GEFCom only
  private final double[][] windFraction;

  Profiles(Scenario s, Prosumers p, Optional<LondonDemand> london) {
    this(s, p, london, Optional.empty(), Optional.empty());
  }

  /**
   * @param solar GEFCom2014 PV when the scenario asks for it and the data is there
   * @param wind GEFCom2012 wind likewise
   */
  Profiles(
      Scenario s,
      Prosumers p,
      Optional<LondonDemand> london,
      Optional<GefcomSeries> solar,
      Optional<GefcomSeries> wind) {
    this.s = s;
    this.p = p;
    this.london = london.orElse(null);
    this.spd = s.stepsPerDay();
    this.stepSeconds = s.step().toSeconds();
    SplittableRandom root = new SplittableRandom(s.seed());
    this.weather = new Weather(root.split().nextLong(), s.cloudiness(), s.windSpeedMeanMs());
    this.rnd = new SplittableRandom[p.n];
    this.noise = new double[p.n];
    this.household = new int[p.n];
    this.shiftDays = new int[p.n];
    this.londonScale = new double[p.n];
    for (int i = 0; i < p.n; i++) {
      rnd[i] = root.split();
      if (this.london != null) {
        household[i] = rnd[i].nextInt(this.london.households());
        shiftDays[i] = rnd[i].nextInt(365);
        londonScale[i] = p.annualKwh[i] / this.london.annualKwh(household[i]);
      }
    }
    this.cloud = new double[spd];
    this.windSpeed = new double[spd];
    this.shape = dailyShape(spd);
    this.solar = solar.orElse(null);
    this.windFarms = wind.orElse(null);
    int nf = s.feeders().size();
    this.pvFraction = new double[nf][spd];
    this.windFraction = new double[nf][spd];
    // the farms' solar noon moved to the scenario's (12:00 local solar time), and half a year on
    // when the scenario is north of the equator (the GEFCom2014 farms are in Australia)
    double noon = 12 - s.longitude() / 15;
    this.solarShiftSeconds =
        this.solar == null
            ? 0
            : (this.solar.centreHourUtc(0) - noon) * 3600 + (s.latitude() > 0 ? 182 * 86_400L : 0);
  }

  /** Seconds into the calendar year of {@code epochSecond} (UTC), at most 365 days. */
  private static double intoYear(double epochSecond) {
    long t = (long) Math.floor(epochSecond);
    java.time.LocalDate d =
        java.time.Instant.ofEpochSecond(t).atZone(java.time.ZoneOffset.UTC).toLocalDate();
    long yearStart = d.withDayOfYear(1).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
    return Math.min(epochSecond - yearStart, 365 * 86_400.0 - 1);
  }

  private static final long Y2012 = 1_325_376_000L; // 2012-01-01T00:00Z
  private static final long Y2010 = 1_262_304_000L; // 2010-01-01T00:00Z

  /** Mean 1 over a day: a night base, a morning and an evening peak. */
  private static double[] dailyShape(int spd) {
    double[] out = new double[spd];
    double sum = 0;
    for (int k = 0; k < spd; k++) {
      double hour = (k + 0.5) * 24.0 / spd;
      double v =
          0.45
              + 0.55 * Math.exp(-Math.pow((hour - 7.5) / 1.3, 2))
              + 1.2 * Math.exp(-Math.pow((hour - 19) / 2.2, 2))
              + 0.25 * Math.exp(-Math.pow((hour - 13) / 3, 2));
      out[k] = v;
      sum += v;
    }
    for (int k = 0; k < spd; k++) {
      out[k] *= spd / sum;
    }
    return out;
  }

  /**
   * Fills day {@code day} (0 = the scenario's first day, −1 the day before) into [prosumer][step].
   */
  @Override
  public void fillDay(long day, double[][] demand, double[][] pv, double[][] wind) {
    weather.fillDay(cloud, windSpeed);
    long dayStart = s.start().getEpochSecond() + day * 86400L;
    double lat = s.latitude();
    double lon = s.longitude();
    double[] sun = new double[spd];
    for (int k = 0; k < spd; k++) {
      double mid = dayStart + (k + 0.5) * stepSeconds;
      double se = SolarGeometry.sinElevation(lat, lon, mid);
      sun[k] = se <= 0 ? 0 : Math.pow(se, 1.15) * 0.85 * (1 - 0.75 * cloud[k]);
    }
    for (int f = 0; f < pvFraction.length; f++) {
      for (int k = 0; k < spd; k++) {
        double mid = dayStart + (k + 0.5) * stepSeconds;
        if (solar != null) {
          // the same place in the calendar in 2012, then the shift; wraps around the data's span
          pvFraction[f][k] = solar.fraction(f, Y2012 + intoYear(mid) + solarShiftSeconds);
        }
        if (windFarms != null) {
          windFraction[f][k] = windFarms.fraction(f, Y2010 + intoYear(mid));
        }
      }
    }
    java.time.ZonedDateTime local = java.time.Instant.ofEpochSecond(dayStart).atZone(s.zone());
    boolean weekend = local.getDayOfWeek().getValue() >= 6;
    int doy = local.getDayOfYear();
    double season = 1 + 0.25 * Math.cos(2 * Math.PI * (doy - 15) / 365.0);
    double dayFactor = season * (weekend ? 1.08 : 1.0);
    long londonDay0 = doy - 1;
    double h = s.stepHours();
    for (int i = 0; i < p.n; i++) {
      SplittableRandom r = rnd[i];
      double[] d = demand[i];
      double mean = p.annualKwh[i] / 8760.0;
      double x = noise[i];
      for (int k = 0; k < spd; k++) {
        x = 0.9 * x + 0.25 * r.nextGaussian();
        double kw;
        if (london != null) {
          kw = londonKw(i, londonDay0, k, h);
        } else {
          kw = mean * dayFactor * shape[k] * Math.exp(x - 0.16);
          if (r.nextDouble() < 0.04) {
            kw += 1.5 * r.nextDouble();
          }
        }
        d[k] = Math.max(0.02, kw);
      }
      noise[i] = x;
      double kwp = p.pvKwp[i] * p.pvOrientation[i];
      double[] g = pv[i];
      double[] pf = solar == null ? sun : pvFraction[p.feeder[i]];
      for (int k = 0; k < spd; k++) {
        g[k] = kwp * pf[k];
      }
      double rated = p.windKw[i];
      double[] w = wind[i];
      if (windFarms != null) {
        double[] wf = windFraction[p.feeder[i]];
        for (int k = 0; k < spd; k++) {
          w[k] = rated * wf[k];
        }
      } else {
        for (int k = 0; k < spd; k++) {
          w[k] = rated <= 0 ? 0 : rated * powerCurve(windSpeed[k] * p.windSite[i]);
        }
      }
    }
  }

  private double londonKw(int i, long day0, int k, double h) {
    long dayIndex = day0 + shiftDays[i];
    double startHalf = k * h * 2;
    double endHalf = (k + 1) * h * 2;
    double kwh = 0;
    int from = (int) Math.floor(startHalf);
    int to = (int) Math.ceil(endHalf);
    for (int hh = from; hh < to; hh++) {
      double overlap = Math.min(endHalf, hh + 1) - Math.max(startHalf, hh);
      kwh += overlap * london.halfHourKwh(household[i], dayIndex * 48 + hh);
    }
    return kwh * londonScale[i] / h;
  }

  /** Share of rated power at a wind speed (m/s). */
  static double powerCurve(double v) {
    if (v < 3 || v >= 25) {
      return 0;
    }
    if (v >= 12) {
      return 1;
    }
    return (v * v * v - 27) / (1728.0 - 27);
  }
}

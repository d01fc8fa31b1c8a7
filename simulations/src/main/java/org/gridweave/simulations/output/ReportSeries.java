package org.gridweave.simulations.output;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.gridweave.simulations.engine.Simulation;
import org.gridweave.simulations.engine.StepListener;
import org.gridweave.simulations.scenario.Scenario;

/**
 * Collects the series {@code report.html} plots while the run steps, downsampled so a year of
 * 15-minute steps stays small: runs of at most {@value #NATIVE_MAX_STEPS} steps keep every step;
 * longer runs are averaged per hour (means of kW, SoC and price, sums of traded energy, the
 * <em>highest</em> feeder loading of the hour so that overloads are not averaged away), and runs
 * longer than {@value #HOURLY_MAX_BUCKETS} hours per day. The daily energy balance is summed per
 * local day (the scenario's zone) from every step.
 */
public final class ReportSeries implements StepListener {
  /** Up to three weeks of 15-minute steps are plotted as they are. */
  public static final int NATIVE_MAX_STEPS = 2016;

  /** Up to about 13 months are plotted as hourly means. */
  public static final int HOURLY_MAX_BUCKETS = 9600;

  private final int stepsPerBucket;
  private final String resolution;
  private final double stepHours;
  private final double[] feederLimits;
  private final double transformerLimit;
  private final double batteryKwh;
  private final ZoneId zone;

  // the bucket being filled
  private int inBucket;
  private long bucketStart;
  private final double[] acc = new double[Col.values().length];
  private double tradedWh;
  private double tradedValue;
  private final double[] feederMax;
  private double transformerMax;

  // finished buckets
  final List<Long> time = new ArrayList<>();
  final List<double[]> rows = new ArrayList<>();
  final List<double[]> feederLoading = new ArrayList<>();
  final List<Double> transformerLoading = new ArrayList<>();
  final List<Double> marketKwh = new ArrayList<>();
  final List<Double> marketPrice = new ArrayList<>();

  // daily energy balance (kWh)
  final List<LocalDate> days = new ArrayList<>();
  final List<double[]> daily = new ArrayList<>();

  /** Mean kW per bucket, then battery state of charge in %. */
  enum Col {
    DEMAND,
    PV,
    WIND,
    IMPORT,
    EXPORT,
    CHARGE,
    DISCHARGE,
    SOC,
    EV
  }

  /** kWh per day. */
  enum Day {
    DEMAND,
    PV,
    WIND,
    IMPORT,
    EXPORT,
    CHARGE,
    DISCHARGE,
    EV
  }

  public ReportSeries(Scenario scenario, double batteryCapacityKwh) {
    long steps = scenario.steps();
    int perHour = (int) Math.max(1, 3600 / scenario.step().toSeconds());
    if (steps <= NATIVE_MAX_STEPS) {
      stepsPerBucket = 1;
      resolution = "every step (" + scenario.step().toMinutes() + " min), as simulated";
    } else if (steps / perHour <= HOURLY_MAX_BUCKETS) {
      stepsPerBucket = perHour;
      resolution =
          "hourly means of the "
              + scenario.step().toMinutes()
              + "-min steps (feeder loading: the hour's highest step)";
    } else {
      stepsPerBucket = scenario.stepsPerDay();
      resolution =
          "daily means of the "
              + scenario.step().toMinutes()
              + "-min steps (feeder loading: the day's highest step)";
    }
    this.stepHours = scenario.stepHours();
    this.feederLimits =
        scenario.feeders().stream().mapToDouble(Scenario.FeederSpec::limitKw).toArray();
    this.transformerLimit = scenario.transformerLimitKw();
    this.batteryKwh = batteryCapacityKwh;
    this.zone = scenario.zone();
    this.feederMax = new double[feederLimits.length];
  }

  /** How the plotted series were downsampled, in words for the report. */
  public String resolution() {
    return resolution;
  }

  private boolean anyEv;

  /** Whether any EV charged during the run (the report then plots it). */
  public boolean hasEvCharging() {
    return anyEv;
  }

  public boolean hasBatteries() {
    return batteryKwh > 0;
  }

  @Override
  public void step(Instant at, Simulation.StepState s) {
    double demand = 0, pv = 0, wind = 0, ch = 0, dis = 0, e = 0, imp = 0, exp = 0, ev = 0;
    for (int i = 0; i < s.demand.length; i++) {
      demand += s.demand[i];
      ev += s.ev[i];
      pv += s.pv[i] - s.curtail[i];
      wind += s.wind[i];
      ch += s.charge[i];
      dis += s.discharge[i];
      e += s.energy[i];
      double net = s.net[i];
      if (net > 0) {
        imp += net;
      } else {
        exp -= net;
      }
    }
    if (inBucket == 0) {
      bucketStart = at.toEpochMilli();
    }
    acc[Col.DEMAND.ordinal()] += demand;
    acc[Col.PV.ordinal()] += pv;
    acc[Col.WIND.ordinal()] += wind;
    acc[Col.IMPORT.ordinal()] += imp;
    acc[Col.EXPORT.ordinal()] += exp;
    acc[Col.CHARGE.ordinal()] += ch;
    acc[Col.DISCHARGE.ordinal()] += dis;
    acc[Col.EV.ordinal()] += ev;
    anyEv |= ev > 0;
    acc[Col.SOC.ordinal()] += batteryKwh > 0 ? 100 * e / batteryKwh : 0;
    for (int f = 0; f < feederLimits.length; f++) {
      feederMax[f] = Math.max(feederMax[f], 100 * Math.abs(s.feederFlow[f]) / feederLimits[f]);
    }
    transformerMax = Math.max(transformerMax, 100 * Math.abs(s.transformerFlow) / transformerLimit);
    if (s.marketWh > 0 && Double.isFinite(s.marketPrice)) {
      tradedWh += s.marketWh;
      tradedValue += s.marketWh * s.marketPrice;
    }

    LocalDate day = LocalDate.ofInstant(at, zone);
    if (days.isEmpty() || !days.getLast().equals(day)) {
      days.add(day);
      daily.add(new double[Day.values().length]);
    }
    double[] d = daily.getLast();
    d[Day.DEMAND.ordinal()] += demand * stepHours;
    d[Day.PV.ordinal()] += pv * stepHours;
    d[Day.WIND.ordinal()] += wind * stepHours;
    d[Day.IMPORT.ordinal()] += imp * stepHours;
    d[Day.EXPORT.ordinal()] += exp * stepHours;
    d[Day.CHARGE.ordinal()] += ch * stepHours;
    d[Day.DISCHARGE.ordinal()] += dis * stepHours;
    d[Day.EV.ordinal()] += ev * stepHours;

    if (++inBucket == stepsPerBucket) {
      flush();
    }
  }

  /** Closes a last, partial bucket (a run that ends mid-hour or mid-day). */
  public void finish() {
    if (inBucket > 0) {
      flush();
    }
  }

  private void flush() {
    double[] row = new double[acc.length];
    for (int c = 0; c < acc.length; c++) {
      row[c] = acc[c] / inBucket;
    }
    time.add(bucketStart);
    rows.add(row);
    feederLoading.add(feederMax.clone());
    transformerLoading.add(transformerMax);
    marketKwh.add(tradedWh / 1000);
    marketPrice.add(tradedWh > 0 ? tradedValue / tradedWh : Double.NaN);
    java.util.Arrays.fill(acc, 0);
    java.util.Arrays.fill(feederMax, 0);
    transformerMax = 0;
    tradedWh = 0;
    tradedValue = 0;
    inBucket = 0;
  }
}

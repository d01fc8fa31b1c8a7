package org.gridweave.devstack.live;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import org.gridweave.simulations.engine.Neighbourhood;
import org.gridweave.simulations.engine.ProfileSource;
import org.gridweave.simulations.scenario.Scenario;

/**
 * A scenario's true series laid onto the wall clock: the local day of {@code anchor} (in the
 * scenario's zone) is the scenario's first day, the next local day its second, and so on, wrapping
 * after {@link #days()} days (also backwards, for the demo's replayed history); within a day the
 * local time of day picks the scenario step. Powers are the step's mean power, held over the step.
 *
 * <p>At most {@value #MAX_VALUES} values are kept (float, 32 MB): a long scenario is played from
 * its first {@link #days()} days. Thread-safe (immutable after construction).
 */
public final class ScenarioSeries {
  static final long MAX_VALUES = 8_000_000;

  private final Scenario scenario;
  private final LocalDate anchor;
  private final int days;
  private final int stepsPerDay;
  private final long stepSeconds;

  /** [day][prosumer][step] in kW. */
  private final float[][][] demand;

  private final float[][][] pv;
  private final float[][][] wind;

  public ScenarioSeries(Neighbourhood hood, Instant anchor) {
    this.scenario = hood.scenario();
    this.anchor = anchor.atZone(scenario.zone()).toLocalDate();
    this.stepsPerDay = scenario.stepsPerDay();
    this.stepSeconds = scenario.step().toSeconds();
    int n = hood.prosumers().size();
    long scenarioDays = Math.max(1, Duration.between(scenario.start(), scenario.end()).toDays());
    long fit = Math.max(1, MAX_VALUES / (3L * n * stepsPerDay));
    this.days = (int) Math.min(scenarioDays, fit);
    this.demand = new float[days][n][stepsPerDay];
    this.pv = new float[days][n][stepsPerDay];
    this.wind = new float[days][n][stepsPerDay];
    ProfileSource source = hood.series();
    double[][] d = new double[n][stepsPerDay];
    double[][] p = new double[n][stepsPerDay];
    double[][] w = new double[n][stepsPerDay];
    for (int day = 0; day < days; day++) {
      source.fillDay(day, d, p, w);
      for (int i = 0; i < n; i++) {
        for (int k = 0; k < stepsPerDay; k++) {
          demand[day][i][k] = (float) d[i][k];
          pv[day][i][k] = (float) p[i][k];
          wind[day][i][k] = (float) w[i][k];
        }
      }
    }
  }

  /** How many scenario days are played before the series wraps. */
  public int days() {
    return days;
  }

  /** The scenario day (0-based) and step of day that {@code now} plays. */
  public record Position(int day, int step) {}

  public Position position(Instant now) {
    ZonedDateTime local = now.atZone(scenario.zone());
    LocalDate date = local.toLocalDate();
    int day = (int) Math.floorMod(ChronoUnit.DAYS.between(anchor, date), (long) days);
    long sinceMidnight = Duration.between(date.atStartOfDay(scenario.zone()), local).getSeconds();
    int step = (int) Math.min(stepsPerDay - 1, Math.max(0, sinceMidnight / stepSeconds));
    return new Position(day, step);
  }

  public double demandW(int prosumer, Instant now) {
    Position at = position(now);
    return demand[at.day()][prosumer][at.step()] * 1000.0;
  }

  public double pvW(int prosumer, Instant now) {
    Position at = position(now);
    return pv[at.day()][prosumer][at.step()] * 1000.0;
  }

  public double windW(int prosumer, Instant now) {
    Position at = position(now);
    return wind[at.day()][prosumer][at.step()] * 1000.0;
  }
}

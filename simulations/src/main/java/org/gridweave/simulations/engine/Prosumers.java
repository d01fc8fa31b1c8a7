package org.gridweave.simulations.engine;

import java.util.SplittableRandom;
import org.gridweave.simulations.scenario.Scenario;

/**
 * The simulated prosumers, as parallel arrays (index = prosumer, feeders filled in order): their
 * assets drawn from the scenario's population with a seeded generator, so the same seed gives the
 * same neighbourhood. Battery SoC bounds 10–95 %, start at 50 %.
 */
public final class Prosumers {
  public static final double SOC_MIN = 0.10;
  public static final double SOC_MAX = 0.95;
  public static final double SOC_START = 0.50;

  final int n;
  final int[] feeder;
  final double[] annualKwh;
  final double[] pvKwp;
  final double[] pvOrientation;
  final double[] windKw;
  final double[] windSite;
  final double[] batteryKwh;
  final double[] batteryKw;
  final double[] eta;

  /** EV charger power, kW (0: no EV), energy needed per window, kWh, window in local minutes. */
  final double[] evKw;

  final double[] evKwh;
  final int[] evArrive;
  final int[] evDepart;
  final int evs;

  Prosumers(Scenario s) {
    n = s.prosumers();
    feeder = new int[n];
    annualKwh = new double[n];
    pvKwp = new double[n];
    pvOrientation = new double[n];
    windKw = new double[n];
    windSite = new double[n];
    batteryKwh = new double[n];
    batteryKw = new double[n];
    eta = new double[n];
    SplittableRandom rnd = new SplittableRandom(s.seed() ^ 0x5DEECE66DL);
    var pop = s.population();
    int i = 0;
    for (int f = 0; f < s.feeders().size(); f++) {
      for (int k = 0; k < s.feeders().get(f).prosumers(); k++, i++) {
        feeder[i] = f;
        annualKwh[i] = pop.demandKwhPerYear().draw(rnd.nextDouble());
        boolean pv = rnd.nextDouble() < pop.pvShare();
        double pvSize = pop.pvKwp().draw(rnd.nextDouble());
        boolean battery = rnd.nextDouble() < pop.batteryShare();
        double cap = pop.batteryKwh().draw(rnd.nextDouble());
        boolean wind = rnd.nextDouble() < pop.windShare();
        double windSize = pop.windKw().draw(rnd.nextDouble());
        pvKwp[i] = pv ? pvSize : 0;
        pvOrientation[i] = 0.8 + 0.2 * rnd.nextDouble();
        batteryKwh[i] = battery && cap > 0 ? cap : 0;
        batteryKw[i] = batteryKwh[i] * pop.batteryCRate();
        eta[i] = Math.sqrt(pop.batteryRoundTripEfficiency());
        windKw[i] = wind ? windSize : 0;
        windSite[i] = 0.85 + 0.3 * rnd.nextDouble();
      }
    }
    evKw = new double[n];
    evKwh = new double[n];
    evArrive = new int[n];
    evDepart = new int[n];
    var ev = pop.ev();
    int count = 0;
    if (ev.share() > 0) {
      // a stream of its own, so adding EVs leaves the rest of the neighbourhood as it was
      SplittableRandom r = new SplittableRandom(s.seed() ^ 0xE1EC7C0DEL);
      int stepMin = (int) s.step().toMinutes();
      for (i = 0; i < n; i++) {
        boolean has = r.nextDouble() < ev.share();
        double kw = ev.chargerKw().draw(r.nextDouble());
        double battery = ev.batteryKwh().draw(r.nextDouble());
        double need = ev.energyKwh().draw(r.nextDouble());
        int arrive = minuteIn(ev.arrivalFrom(), ev.arrivalTo(), r.nextDouble(), stepMin);
        int depart = minuteIn(ev.departureFrom(), ev.departureTo(), r.nextDouble(), stepMin);
        if (depart == arrive) {
          depart = (depart + stepMin) % 1440;
        }
        if (!has || kw <= 0) {
          continue;
        }
        int window = Math.floorMod(depart - arrive, 1440);
        evKw[i] = kw;
        evKwh[i] = Math.min(Math.min(need, battery), kw * window / 60.0);
        evArrive[i] = arrive;
        evDepart[i] = depart;
        count++;
      }
    }
    evs = count;
  }

  /** A local minute of the day in [from, to] (wrapping past midnight), on the step grid. */
  private static int minuteIn(
      java.time.LocalTime from, java.time.LocalTime to, double u, int stepMin) {
    int a = from.toSecondOfDay() / 60;
    int span = Math.floorMod(to.toSecondOfDay() / 60 - a, 1440);
    int m = a + (int) Math.round(u * span);
    return Math.floorMod(Math.round(m / (float) stepMin) * stepMin, 1440);
  }

  boolean hasEv(int i) {
    return evKw[i] > 0;
  }

  public int size() {
    return n;
  }

  boolean hasBattery(int i) {
    return batteryKwh[i] > 0;
  }

  double energyMin(int i) {
    return batteryKwh[i] * SOC_MIN;
  }

  double energyMax(int i) {
    return batteryKwh[i] * SOC_MAX;
  }
}

package org.gridweave.simulations.engine;

import java.time.ZonedDateTime;
import java.util.Map;
import java.util.TreeMap;

/**
 * The electric vehicles' windows on the virtual clock: each EV is plugged in from its arrival to
 * its departure (local time, every day) and needs its energy within that window. Tracks what each
 * has received in its open window (the dispatcher's {@code SiteState.flexServedKwh}), and per
 * closed window what it still lacked.
 */
final class Evs {
  private final Prosumers p;
  private final double h;
  private final boolean[] open;
  private final double[] served;
  private long windowsClosed;
  private long windowsUnmet;
  private double neededKwh;
  private double unmetKwh;
  private double deliveredKwh;
  private double peakKw;

  Evs(Prosumers p, double h) {
    this.p = p;
    this.h = h;
    this.open = new boolean[p.n];
    this.served = new double[p.n];
  }

  private static boolean inside(int minute, int arrive, int depart) {
    return arrive < depart
        ? minute >= arrive && minute < depart
        : minute >= arrive || minute < depart;
  }

  /**
   * Opens and closes the windows at this step's local time and sets each EV's uncontrolled
   * charging: full power while it still needs energy.
   */
  void atStep(ZonedDateTime local, double[] ev) {
    int minute = local.getHour() * 60 + local.getMinute();
    for (int i = 0; i < p.n; i++) {
      ev[i] = 0;
      if (!p.hasEv(i)) {
        continue;
      }
      boolean in = inside(minute, p.evArrive[i], p.evDepart[i]);
      if (in && !open[i]) {
        open[i] = true;
        served[i] = 0;
      } else if (!in && open[i]) {
        open[i] = false;
        windowsClosed++;
        neededKwh += p.evKwh[i];
        double lack = Math.max(0, p.evKwh[i] - served[i]);
        unmetKwh += lack;
        if (lack > 1e-6) {
          windowsUnmet++;
        }
      }
      if (in) {
        ev[i] = Math.min(p.evKw[i], Math.max(0, p.evKwh[i] - served[i]) / h);
      }
    }
  }

  /** The dispatcher's flexible load for step 0, within the charger and what is still needed. */
  void follow(double[][] flexKw, double[] ev) {
    for (int i = 0; i < p.n; i++) {
      if (p.hasEv(i) && open[i]) {
        double most = Math.min(p.evKw[i], Math.max(0, p.evKwh[i] - served[i]) / h);
        ev[i] = Math.max(0, Math.min(most, flexKw[i][0]));
      }
    }
  }

  /** Books the step's charging. */
  void served(double[] ev) {
    double sum = 0;
    for (int i = 0; i < p.n; i++) {
      served[i] += ev[i] * h;
      sum += ev[i];
    }
    deliveredKwh += sum * h;
    peakKw = Math.max(peakKw, sum);
  }

  /** The most any EV received beyond its need in its window (≤ 0 when all is well), kWh. */
  double worstOverServed() {
    double worst = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < p.n; i++) {
      if (p.hasEv(i)) {
        worst = Math.max(worst, served[i] - p.evKwh[i]);
      }
    }
    return worst;
  }

  double servedInWindow(int i) {
    return open[i] ? served[i] : 0;
  }

  double deliveredKwh() {
    return deliveredKwh;
  }

  Map<String, Object> summary() {
    Map<String, Object> m = new TreeMap<>();
    m.put("evs", p.evs);
    m.put("windows_closed", windowsClosed);
    m.put("windows_unmet", windowsUnmet);
    long openAtEnd = 0;
    for (int i = 0; i < p.n; i++) {
      openAtEnd += open[i] ? 1 : 0;
    }
    m.put("windows_open_at_end", openAtEnd);
    m.put("energy_needed_kwh", neededKwh);
    m.put("unmet_kwh", unmetKwh);
    m.put("energy_kwh", deliveredKwh);
    m.put("peak_kw", peakKw);
    return m;
  }
}

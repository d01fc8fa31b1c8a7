package org.gridweave.simulations.output;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.gridweave.simulations.engine.Simulation;
import org.gridweave.simulations.engine.StepListener;

/**
 * {@code intervals.csv}: one row per step with the neighbourhood's totals (kW averaged over the
 * step, kWh stored, Wh traded, prices per kWh, EV charging last), three decimals.
 */
public final class IntervalCsv implements StepListener, AutoCloseable {
  public static final String HEADER =
      "interval_start,demand_kw,pv_kw,pv_curtailed_kw,wind_kw,battery_charge_kw,"
          + "battery_discharge_kw,battery_stored_kwh,import_kw,export_kw,transformer_kw,"
          + "max_feeder_loading_pct,market_wh,market_price_per_kwh,import_price_per_kwh,"
          + "export_price_per_kwh,ev_kw";
  private final BufferedWriter out;
  private final double[] feederLimits;
  private final StringBuilder line = new StringBuilder(256);

  public IntervalCsv(Path file, double[] feederLimitsKw) {
    try {
      this.out = Files.newBufferedWriter(file);
      out.write(HEADER);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    this.feederLimits = feederLimitsKw.clone();
  }

  @Override
  public void step(Instant at, Simulation.StepState s) {
    double demand = 0, pv = 0, cur = 0, wind = 0, ch = 0, dis = 0, e = 0, imp = 0, exp = 0, ev = 0;
    for (int i = 0; i < s.demand.length; i++) {
      demand += s.demand[i];
      ev += s.ev[i];
      pv += s.pv[i];
      cur += s.curtail[i];
      wind += s.wind[i];
      ch += s.charge[i];
      dis += s.discharge[i];
      e += s.energy[i];
      imp += Math.max(0, s.net[i]);
      exp += Math.max(0, -s.net[i]);
    }
    double loading = 0;
    for (int f = 0; f < feederLimits.length; f++) {
      loading = Math.max(loading, 100 * Math.abs(s.feederFlow[f]) / feederLimits[f]);
    }
    line.setLength(0);
    line.append(at).append(',');
    Decimals.append(line, demand, 3).append(',');
    Decimals.append(line, pv, 3).append(',');
    Decimals.append(line, cur, 3).append(',');
    Decimals.append(line, wind, 3).append(',');
    Decimals.append(line, ch, 3).append(',');
    Decimals.append(line, dis, 3).append(',');
    Decimals.append(line, e, 3).append(',');
    Decimals.append(line, imp, 3).append(',');
    Decimals.append(line, exp, 3).append(',');
    Decimals.append(line, s.transformerFlow, 3).append(',');
    Decimals.append(line, loading, 1).append(',');
    line.append(s.marketWh).append(',');
    if (Double.isFinite(s.marketPrice)) {
      Decimals.append(line, s.marketPrice, 6);
    }
    line.append(',');
    Decimals.append(line, s.importPrice, 6).append(',');
    Decimals.append(line, s.exportPrice, 6).append(',');
    Decimals.append(line, ev, 3).append('\n');
    try {
      out.append(line);
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

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
 * {@code nodes.csv} (with {@code --per-node}): one row per prosumer and step. Large: a year of
 * 1,000 prosumers at 15 min is 35 M rows.
 */
public final class NodeCsv implements StepListener, AutoCloseable {
  public static final String HEADER =
      "interval_start,prosumer,demand_kw,pv_kw,pv_curtailed_kw,wind_kw,battery_charge_kw,"
          + "battery_discharge_kw,battery_stored_kwh,net_kw,bought_wh,sold_wh";
  private final BufferedWriter out;
  private final StringBuilder line = new StringBuilder(256);

  public NodeCsv(Path file) {
    try {
      this.out = Files.newBufferedWriter(file);
      out.write(HEADER);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void step(Instant at, Simulation.StepState s) {
    String t = at.toString();
    try {
      for (int i = 0; i < s.demand.length; i++) {
        line.setLength(0);
        line.append(t).append(',').append(i).append(',');
        Decimals.append(line, s.demand[i], 3).append(',');
        Decimals.append(line, s.pv[i], 3).append(',');
        Decimals.append(line, s.curtail[i], 3).append(',');
        Decimals.append(line, s.wind[i], 3).append(',');
        Decimals.append(line, s.charge[i], 3).append(',');
        Decimals.append(line, s.discharge[i], 3).append(',');
        Decimals.append(line, s.energy[i], 3).append(',');
        Decimals.append(line, s.net[i], 3).append(',');
        line.append(s.boughtWh[i]).append(',').append(s.soldWh[i]).append('\n');
        out.append(line);
      }
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

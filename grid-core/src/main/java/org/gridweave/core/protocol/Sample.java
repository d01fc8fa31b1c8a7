package org.gridweave.core.protocol;

import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.gridweave.core.unit.Hertz;
import org.gridweave.core.unit.Percent;
import org.gridweave.core.unit.Volts;
import org.gridweave.core.unit.WattHours;
import org.gridweave.core.unit.Watts;

/**
 * One reading of a meter at a UTC instant (millisecond precision). Holds the required measurements
 * (import/export power and energy) and any optional ones; immutable. Values are finite and
 * non-negative; physical ranges are checked by the gateway's validation, not here.
 */
public final class Sample {
  private static final int COUNT = Measurement.all().length;
  private final Instant time;
  private final double[] values;

  private Sample(Instant time, double[] values) {
    this.time = time;
    this.values = values;
  }

  public static Builder at(Instant time) {
    return new Builder(time);
  }

  public Instant time() {
    return time;
  }

  public boolean has(Measurement m) {
    return !Double.isNaN(values[m.ordinal()]);
  }

  /** The raw value in the measurement's unit, or NaN when absent. */
  public double value(Measurement m) {
    return values[m.ordinal()];
  }

  public Watts powerImport() {
    return Watts.of(values[Measurement.POWER_IMPORT.ordinal()]);
  }

  public Watts powerExport() {
    return Watts.of(values[Measurement.POWER_EXPORT.ordinal()]);
  }

  public WattHours energyImport() {
    return WattHours.of(values[Measurement.ENERGY_IMPORT.ordinal()]);
  }

  public WattHours energyExport() {
    return WattHours.of(values[Measurement.ENERGY_EXPORT.ordinal()]);
  }

  public Optional<WattHours> energy(Measurement counter) {
    if (!counter.isEnergyCounter()) {
      throw new IllegalArgumentException(counter + " is not an energy counter");
    }
    return has(counter) ? Optional.of(WattHours.of(value(counter))) : Optional.empty();
  }

  public Optional<Percent> batterySoc() {
    return has(Measurement.BATTERY_SOC)
        ? Optional.of(Percent.of(value(Measurement.BATTERY_SOC)))
        : Optional.empty();
  }

  public Optional<Volts> voltage() {
    return has(Measurement.VOLTAGE)
        ? Optional.of(Volts.of(value(Measurement.VOLTAGE)))
        : Optional.empty();
  }

  public Optional<Hertz> frequency() {
    return has(Measurement.FREQUENCY)
        ? Optional.of(Hertz.of(value(Measurement.FREQUENCY)))
        : Optional.empty();
  }

  /** The present measurements, in wire order. */
  public Map<Measurement, Double> measurements() {
    Map<Measurement, Double> map = new EnumMap<>(Measurement.class);
    for (Measurement m : Measurement.all()) {
      if (has(m)) {
        map.put(m, values[m.ordinal()]);
      }
    }
    return map;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sample s && time.equals(s.time) && Arrays.equals(values, s.values);
  }

  @Override
  public int hashCode() {
    return time.hashCode() * 31 + Arrays.hashCode(values);
  }

  @Override
  public String toString() {
    return "Sample[" + time + " " + measurements() + "]";
  }

  /** Builds a sample; {@link #build()} checks that required measurements are present. */
  public static final class Builder {
    private final Instant time;
    private final double[] values = new double[COUNT];

    private Builder(Instant time) {
      if (time == null) {
        throw new IllegalArgumentException("sample time is missing");
      }
      if (time.getNano() % 1_000_000 != 0) {
        throw new IllegalArgumentException("sample time has sub-millisecond digits: " + time);
      }
      this.time = time;
      Arrays.fill(values, Double.NaN);
    }

    public Builder with(Measurement m, double value) {
      if (!Double.isFinite(value)) {
        throw new IllegalArgumentException(m.field() + " must be finite, was " + value);
      }
      if (value < 0) {
        throw new IllegalArgumentException(m.field() + " must not be negative, was " + value);
      }
      values[m.ordinal()] = value + 0.0; // -0.0 becomes +0.0: one canonical zero
      return this;
    }

    public Builder powerImport(Watts w) {
      return with(Measurement.POWER_IMPORT, w.value());
    }

    public Builder powerExport(Watts w) {
      return with(Measurement.POWER_EXPORT, w.value());
    }

    public Builder energyImport(WattHours wh) {
      return with(Measurement.ENERGY_IMPORT, wh.value());
    }

    public Builder energyExport(WattHours wh) {
      return with(Measurement.ENERGY_EXPORT, wh.value());
    }

    public Sample build() {
      for (Measurement m : Measurement.all()) {
        if (m.required() && Double.isNaN(values[m.ordinal()])) {
          throw new IllegalArgumentException("sample lacks required measurement " + m.field());
        }
      }
      return new Sample(time, values.clone());
    }
  }
}

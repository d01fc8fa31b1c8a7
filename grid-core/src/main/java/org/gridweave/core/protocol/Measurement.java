package org.gridweave.core.protocol;

/**
 * The quantities a telemetry sample can carry, in their wire order. The unit is part of each JSON
 * field name; the canonical (signed) encoding writes present measurements in this order.
 */
public enum Measurement {
  POWER_IMPORT("power_import_w", Unit.WATT, true, 0, 1e8),
  POWER_EXPORT("power_export_w", Unit.WATT, true, 0, 1e8),
  ENERGY_IMPORT("energy_import_wh", Unit.WATT_HOUR, true, 0, 1e15),
  ENERGY_EXPORT("energy_export_wh", Unit.WATT_HOUR, true, 0, 1e15),
  ENERGY_PV("energy_pv_wh", Unit.WATT_HOUR, false, 0, 1e15),
  ENERGY_WIND("energy_wind_wh", Unit.WATT_HOUR, false, 0, 1e15),
  ENERGY_BATTERY_CHARGE("energy_battery_charge_wh", Unit.WATT_HOUR, false, 0, 1e15),
  ENERGY_BATTERY_DISCHARGE("energy_battery_discharge_wh", Unit.WATT_HOUR, false, 0, 1e15),
  BATTERY_SOC("battery_soc_pct", Unit.PERCENT, false, 0, 100),
  VOLTAGE("voltage_v", Unit.VOLT, false, 0, 1000),
  FREQUENCY("frequency_hz", Unit.HERTZ, false, 40, 70);

  /** Units of measurement; never implied by context. */
  public enum Unit {
    WATT("W"),
    WATT_HOUR("Wh"),
    PERCENT("%"),
    VOLT("V"),
    HERTZ("Hz");

    private final String symbol;

    Unit(String symbol) {
      this.symbol = symbol;
    }

    public String symbol() {
      return symbol;
    }
  }

  private static final Measurement[] VALUES = values();

  private final String field;
  private final Unit unit;
  private final boolean required;
  private final double min;
  private final double max;

  Measurement(String field, Unit unit, boolean required, double min, double max) {
    this.field = field;
    this.unit = unit;
    this.required = required;
    this.min = min;
    this.max = max;
  }

  public String field() {
    return field;
  }

  public Unit unit() {
    return unit;
  }

  public boolean required() {
    return required;
  }

  /** The lowest physically plausible value, inclusive. */
  public double min() {
    return min;
  }

  /** The highest physically plausible value, inclusive. */
  public double max() {
    return max;
  }

  public boolean isEnergyCounter() {
    return unit == Unit.WATT_HOUR;
  }

  public static Measurement byField(String field) {
    for (Measurement m : VALUES) {
      if (m.field.equals(field)) {
        return m;
      }
    }
    return null;
  }

  static Measurement[] all() {
    return VALUES;
  }
}

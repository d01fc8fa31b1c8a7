package org.gridweave.controller.dispatch;

/**
 * One site's forecasts over the horizon, in kW (average power per step): demand (without the
 * flexible load), PV and wind availability, each at the median and at the quantiles the feeder
 * limits must hold at ({@code demandHigh} at the settings' demand quantile, {@code generationLow}
 * at the generation quantile for import-direction limits; {@code demandLow}/{@code generationHigh}
 * mirror them for reverse flow). A quantile array may be {@code null}: the median is used.
 */
public record SiteForecast(
    double[] demand,
    double[] pv,
    double[] wind,
    double[] demandLow,
    double[] demandHigh,
    double[] generationLow,
    double[] generationHigh) {

  public SiteForecast {
    int n = demand.length;
    check("demand", demand, n);
    check("pv", pv, n);
    check("wind", wind, n);
    check("demand_low", demandLow, n);
    check("demand_high", demandHigh, n);
    check("generation_low", generationLow, n);
    check("generation_high", generationHigh, n);
  }

  /** Median only: no uncertainty margin. */
  public static SiteForecast median(double[] demand, double[] pv, double[] wind) {
    return new SiteForecast(demand, pv, wind, null, null, null, null);
  }

  private static void check(String name, double[] values, int n) {
    if (values == null) {
      return;
    }
    if (values.length != n) {
      throw new IllegalArgumentException(
          name + " has " + values.length + " steps, demand has " + n);
    }
    for (int i = 0; i < values.length; i++) {
      if (!(values[i] >= 0) || !Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            name + "[" + i + "] must be a finite power ≥ 0 kW, was " + values[i]);
      }
    }
  }

  public int steps() {
    return demand.length;
  }

  /** Demand above the median at the high quantile (≥ 0), for import-direction margins. */
  double demandUp(int t) {
    return demandHigh == null ? 0 : Math.max(0, demandHigh[t] - demand[t]);
  }

  double demandDown(int t) {
    return demandLow == null ? 0 : Math.max(0, demand[t] - demandLow[t]);
  }

  double generationDown(int t) {
    return generationLow == null ? 0 : Math.max(0, pv[t] + wind[t] - generationLow[t]);
  }

  double generationUp(int t) {
    return generationHigh == null ? 0 : Math.max(0, generationHigh[t] - pv[t] - wind[t]);
  }
}

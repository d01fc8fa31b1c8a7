package org.gridweave.forecasting.metrics;

/**
 * Forecast error measures. Rows whose actual is missing (NaN) are skipped by all of them; MAPE also
 * skips zero actuals. Each returns NaN when no row counts.
 */
public final class Scores {
  private Scores() {}

  public static double mae(double[] actual, double[] forecast) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < actual.length; i++) {
      if (!Double.isNaN(actual[i])) {
        sum += Math.abs(actual[i] - forecast[i]);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  public static double rmse(double[] actual, double[] forecast) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < actual.length; i++) {
      if (!Double.isNaN(actual[i])) {
        double e = actual[i] - forecast[i];
        sum += e * e;
        n++;
      }
    }
    return n == 0 ? Double.NaN : Math.sqrt(sum / n);
  }

  /** Mean absolute percentage error, in percent. */
  public static double mape(double[] actual, double[] forecast) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < actual.length; i++) {
      if (!Double.isNaN(actual[i]) && actual[i] != 0) {
        sum += Math.abs((actual[i] - forecast[i]) / actual[i]);
        n++;
      }
    }
    return n == 0 ? Double.NaN : 100 * sum / n;
  }

  /** Pinball (quantile) loss of one quantile forecast. */
  public static double pinball(double[] actual, double[] forecast, double q) {
    double sum = 0;
    int n = 0;
    for (int i = 0; i < actual.length; i++) {
      if (!Double.isNaN(actual[i])) {
        double e = actual[i] - forecast[i];
        sum += e >= 0 ? q * e : (q - 1) * e;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  /** Share of rows with {@code lower <= actual <= upper}. */
  public static double coverage(double[] actual, double[] lower, double[] upper) {
    int in = 0;
    int n = 0;
    for (int i = 0; i < actual.length; i++) {
      if (!Double.isNaN(actual[i])) {
        n++;
        if (actual[i] >= lower[i] && actual[i] <= upper[i]) {
          in++;
        }
      }
    }
    return n == 0 ? Double.NaN : (double) in / n;
  }

  /**
   * The scale of MASE: mean absolute difference between each value and the one {@code season} steps
   * before it, over a history (pairs with a missing value are skipped).
   */
  public static double seasonalScale(double[] history, int season) {
    double sum = 0;
    int n = 0;
    for (int i = season; i < history.length; i++) {
      if (!Double.isNaN(history[i]) && !Double.isNaN(history[i - season])) {
        sum += Math.abs(history[i] - history[i - season]);
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }
}

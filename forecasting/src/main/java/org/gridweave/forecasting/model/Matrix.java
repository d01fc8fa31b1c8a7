package org.gridweave.forecasting.model;

/**
 * Rows of features (NaN = missing) with their targets (NaN for rows to predict).
 *
 * @param names one per column
 */
public record Matrix(String[] names, double[][] rows, double[] targets) {
  public int size() {
    return rows.length;
  }
}

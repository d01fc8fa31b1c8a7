package org.gridweave.forecasting.evaluate;

/** A naive forecaster's score on the same test rows (MAPE skips zero actuals). */
public record BaselineScore(double mae, double mape) {}

package org.gridweave.forecasting.evaluate;

import java.nio.file.Path;
import java.util.List;

/**
 * One run of {@code forecast evaluate}: train on {@code train}, forecast every row of {@code test}
 * from the last train time of its series, write {@code out}.
 *
 * @param seriesColumn null when the files hold one series
 * @param features numeric columns present in both files (weather, NWP); empty for none
 * @param quantiles strictly increasing, each in (0, 1)
 */
public record EvaluateRequest(
    Path train,
    Path test,
    String timeColumn,
    String targetColumn,
    String seriesColumn,
    List<String> features,
    List<Double> quantiles,
    Path out) {

  public static final List<Double> DEFAULT_QUANTILES = List.of(0.1, 0.5, 0.9);

  public EvaluateRequest {
    features = List.copyOf(features);
    quantiles = List.copyOf(quantiles);
  }
}

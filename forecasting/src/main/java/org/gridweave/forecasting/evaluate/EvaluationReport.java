package org.gridweave.forecasting.evaluate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Scores of one evaluation, printed as the last stdout line of {@code forecast evaluate}.
 *
 * @param model the chosen model's name
 * @param mape percent, over rows with a non-zero actual (NaN when there is none)
 * @param mase MAE divided by the in-sample MAE of the weekly seasonal naive on TRAIN
 * @param pinball mean pinball loss over the requested quantiles and rows
 * @param coverage80 share of rows with actual in [P10, P90] (NaN unless both are requested)
 * @param baselines by name: {@code seasonal_naive_week}, {@code persistence_day}
 */
public record EvaluationReport(
    String model,
    double mae,
    double rmse,
    double mape,
    double mase,
    double pinball,
    double coverage80,
    Map<String, BaselineScore> baselines,
    double trainSeconds,
    double predictSeconds) {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One line of JSON; NaN and infinities are written as null. */
  public String json() {
    ObjectNode o = JSON.createObjectNode();
    o.put("model", model);
    put(o, "mae", mae);
    put(o, "rmse", rmse);
    put(o, "mape", mape);
    put(o, "mase", mase);
    put(o, "pinball", pinball);
    put(o, "coverage_80", coverage80);
    ObjectNode b = o.putObject("baselines");
    baselines.forEach((name, score) -> {
      ObjectNode s = b.putObject(name);
      put(s, "mae", score.mae());
      put(s, "mape", score.mape());
    });
    put(o, "train_s", trainSeconds);
    put(o, "predict_s", predictSeconds);
    return o.toString();
  }

  private static void put(ObjectNode o, String name, double value) {
    if (Double.isFinite(value)) {
      o.put(name, value);
    } else {
      o.putNull(name);
    }
  }
}

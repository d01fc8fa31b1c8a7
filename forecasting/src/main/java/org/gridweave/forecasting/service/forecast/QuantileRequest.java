package org.gridweave.forecasting.service.forecast;

import java.util.ArrayList;
import java.util.List;
import org.gridweave.forecasting.service.target.InvalidTarget;

/** Parses {@code quantiles=0.05,0.5,0.95}: strictly increasing, within the stored levels. */
public final class QuantileRequest {
  private QuantileRequest() {}

  public static List<Double> parse(String text, List<Double> defaults) {
    if (text == null || text.isBlank()) {
      return defaults;
    }
    List<Double> out = new ArrayList<>();
    double min = StoredForecast.LEVELS.get(0);
    double max = StoredForecast.LEVELS.get(StoredForecast.LEVELS.size() - 1);
    for (String part : text.split(",")) {
      double q;
      try {
        q = Double.parseDouble(part.trim());
      } catch (NumberFormatException e) {
        throw new InvalidTarget("quantiles", "quantile '" + part.trim() + "' is not a number");
      }
      if (!(q >= min - 1e-9 && q <= max + 1e-9)) {
        throw new InvalidTarget(
            "quantiles", "quantile " + q + " is outside " + min + ".." + max + " (served range)");
      }
      if (!out.isEmpty() && q <= out.get(out.size() - 1)) {
        throw new InvalidTarget("quantiles", "quantiles must be strictly increasing: " + text);
      }
      out.add(q);
    }
    if (out.size() > 20) {
      throw new InvalidTarget("quantiles", "at most 20 quantiles per request");
    }
    return List.copyOf(out);
  }
}

package org.gridweave.forecasting.service.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gridweave.forecasting.engine.ForecastEngine;

/**
 * A stored model as {@code GET /models} shows it: its backtest scores next to the two naive
 * baselines', and its provenance (Tribuo's JSON, the data range, features, seed).
 *
 * @param modelMae the chosen model's backtest MAE, Wh per step
 * @param baselineMae the naive forecasts' backtest MAE ({@code seasonal_naive_week}, {@code
 *     persistence_day})
 * @param backtestMae every candidate's backtest MAE
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ModelView(
    long id,
    String target,
    String step,
    Instant trainedAt,
    String trainer,
    double modelMae,
    Map<String, Double> baselineMae,
    Map<String, Double> backtestMae,
    List<String> features,
    List<String> covariates,
    Instant dataFrom,
    Instant dataTo,
    int historySteps,
    int trainedOn,
    long seed,
    double trainSeconds,
    JsonNode provenance) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public static ModelView of(ModelEntity e) {
    Map<String, Double> all = ModelStore.backtestOf(e);
    java.util.Map<String, Double> baselines = new java.util.LinkedHashMap<>();
    for (String b : List.of(ForecastEngine.WEEK, ForecastEngine.DAY)) {
      if (all.containsKey(b)) {
        baselines.put(b, all.get(b));
      }
    }
    return new ModelView(
        e.id,
        e.target,
        Duration.ofSeconds(e.stepSeconds).toString(),
        e.trainedAt,
        e.trainer,
        e.modelMae,
        baselines,
        all,
        ModelStore.listOf(e.features),
        ModelStore.listOf(e.covariates),
        e.dataFrom,
        e.dataTo,
        e.historySteps,
        e.trainedOn,
        e.seed,
        e.trainSeconds,
        provenance(e.provenance));
  }

  private static JsonNode provenance(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return JSON.readTree(text);
    } catch (JsonProcessingException notJson) {
      return JSON.getNodeFactory().textNode(text);
    }
  }
}

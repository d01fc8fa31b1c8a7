package org.gridweave.forecasting.service.training;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.gridweave.forecasting.service.forecast.StoredForecast;

/**
 * One training's outcome, with its provenance.
 *
 * @param trainer the model the backtest chose (a Tribuo family or a naive forecast)
 * @param backtestMae every candidate's backtest MAE in Wh, the naive forecasts included
 * @param provenance Tribuo provenance JSON of the final model (empty for a naive one)
 * @param dataFrom first history step used
 * @param dataTo last history step used (the forecast origin)
 * @param historySteps history steps with a value
 * @param trainedOn training rows of the final model
 */
public record TrainedModel(
    String trainer,
    Map<String, Double> backtestMae,
    String provenance,
    List<String> features,
    List<String> covariates,
    Instant dataFrom,
    Instant dataTo,
    int historySteps,
    int trainedOn,
    long seed,
    double trainSeconds,
    StoredForecast forecast) {}

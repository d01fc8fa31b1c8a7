package org.gridweave.forecasting.service.forecast;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.gridweave.forecasting.service.ForecastingConfig;
import org.gridweave.forecasting.service.history.UnknownTarget;
import org.gridweave.forecasting.service.target.InvalidTarget;
import org.gridweave.forecasting.service.target.Target;
import org.gridweave.forecasting.service.training.ModelStore;

/** Serves the newest model's forecast of a target. */
@Path("/forecasts")
@Produces(MediaType.APPLICATION_JSON)
public class ForecastResource {
  @Inject ModelStore models;
  @Inject ForecastingConfig config;

  @GET
  @Path("/{target}")
  @Operation(
      summary =
          "The newest forecast of a target: steps from 'from' (default: the first forecast step)"
              + " for 'horizon' (default: all), with quantiles (default 0.1,0.5,0.9)")
  public Uni<ForecastView> forecast(
      @PathParam("target") String name,
      @QueryParam("step") String step,
      @QueryParam("from") String from,
      @QueryParam("horizon") String horizon,
      @QueryParam("quantiles") String quantiles) {
    Target target = Target.parse(name, step, config.interval());
    List<Double> levels = QuantileRequest.parse(quantiles, config.defaultQuantiles());
    Instant start = from == null || from.isBlank() ? null : instant(from);
    Duration span = horizon == null || horizon.isBlank() ? null : duration(horizon);
    return models
        .latest(target)
        .map(m ->
            m.map(e ->
                    ForecastView.of(
                        target.name(),
                        e.id,
                        e.trainer,
                        e.trainedAt,
                        ModelStore.forecastOf(e),
                        levels,
                        start,
                        span))
                .orElseThrow(() ->
                    new UnknownTarget(
                        "no forecast of "
                            + target
                            + " yet: it is trained on a schedule once it has enough"
                            + " history, or POST /models/"
                            + target.name()
                            + "/train")));
  }

  private static Instant instant(String text) {
    try {
      return OffsetDateTime.parse(text.trim()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidTarget(
          "from", "from '" + text + "' must be ISO-8601 with an offset, e.g. 2026-03-01T00:00Z");
    }
  }

  private static Duration duration(String text) {
    try {
      Duration d = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      if (d.isNegative() || d.isZero()) {
        throw new InvalidTarget("horizon", "horizon must be positive, not " + text);
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new InvalidTarget(
          "horizon", "horizon '" + text + "' must be an ISO-8601 duration like PT24H");
    }
  }
}

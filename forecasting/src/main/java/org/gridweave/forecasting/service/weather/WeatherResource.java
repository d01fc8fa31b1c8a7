package org.gridweave.forecasting.service.weather;

import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/** Weather forecast uploads (JSON or CSV), validated and stored as the models' covariates. */
@Path("/weather")
@Produces(MediaType.APPLICATION_JSON)
public class WeatherResource {
  @Inject WeatherStore store;
  @Inject Clock clock;

  /** What an upload stored. */
  public record Stored(String area, int points, Instant from, Instant to) {}

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  @Operation(summary = "Store weather forecasts (JSON); 400 names the point and field at fault")
  public Uni<Stored> json(String body) {
    return save(WeatherReader.json(body));
  }

  @POST
  @Consumes("text/csv")
  @Operation(
      summary =
          "Store weather forecasts (CSV: time,temperature_c,irradiance_w_m2,wind_speed_m_s,"
              + "wind_direction_deg); 400 names the line and column at fault")
  public Uni<Stored> csv(String body, @QueryParam("area") String area) {
    return save(WeatherReader.csv(body, area));
  }

  private Uni<Stored> save(WeatherBatch batch) {
    return store
        .replace(batch, clock.instant())
        .map(v ->
            new Stored(
                batch.area(),
                batch.points().size(),
                batch.points().get(0).time(),
                batch.points().get(batch.points().size() - 1).time()));
  }
}

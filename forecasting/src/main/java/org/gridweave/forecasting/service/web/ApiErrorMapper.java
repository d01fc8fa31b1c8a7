package org.gridweave.forecasting.service.web;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gridweave.forecasting.service.history.NotEnoughHistory;
import org.gridweave.forecasting.service.history.UnknownTarget;
import org.gridweave.forecasting.service.target.InvalidTarget;
import org.gridweave.forecasting.service.training.TrainingRefused;
import org.gridweave.forecasting.service.weather.InvalidWeather;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Translates the service's domain exceptions, once. */
public class ApiErrorMapper {
  @ServerExceptionMapper
  public Response invalidTarget(InvalidTarget e) {
    return json(400, new ApiError(e.getMessage(), e.field()));
  }

  @ServerExceptionMapper
  public Response invalidWeather(InvalidWeather e) {
    return json(400, new ApiError(e.getMessage(), e.field()));
  }

  @ServerExceptionMapper
  public Response unknown(UnknownTarget e) {
    return json(404, new ApiError(e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response tooShort(NotEnoughHistory e) {
    return json(409, new ApiError(e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response refused(TrainingRefused e) {
    return json(409, new ApiError(e.getMessage(), null));
  }

  private static Response json(int status, ApiError body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }
}

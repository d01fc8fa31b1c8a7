package org.gridweave.controller.service.web;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.gridweave.controller.grid.GridModelException;
import org.gridweave.controller.tariff.TariffException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where core exceptions become HTTP answers. */
public class ApiErrorMapper {
  private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class);

  @ServerExceptionMapper
  public Response grid(GridModelException e) {
    return json(400, new ApiError(e.reason(), e.field()));
  }

  @ServerExceptionMapper
  public Response tariff(TariffException e) {
    String message = e.getMessage().substring(e.field().length() + 2);
    return json(400, new ApiError(message, e.field()));
  }

  @ServerExceptionMapper
  public Response bad(BadRequest e) {
    return json(400, new ApiError(e.getMessage(), e.field()));
  }

  @ServerExceptionMapper
  public Response conflict(org.gridweave.controller.service.grid.GridStore.Conflict e) {
    return json(409, new ApiError(e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response unavailable(
      org.gridweave.controller.service.dispatch.DispatchService.Unavailable e) {
    return json(503, new ApiError(e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response chainDown(
      org.gridweave.controller.settlement.SettlementLedger.ChainUnavailableException e) {
    return json(503, new ApiError("the settlement chain is unreachable: " + e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response settlementBusy(
      org.gridweave.controller.service.settlement.SettlementService.Busy e) {
    return json(409, new ApiError(e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response notLeader(org.gridweave.controller.service.leader.NotLeader e) {
    return json(409, new ApiError(e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response forbidden(io.quarkus.security.ForbiddenException e) {
    String why = e.getMessage() == null ? "your role may not do this" : e.getMessage();
    return json(403, new ApiError(why, null));
  }

  @ServerExceptionMapper({
    io.quarkus.security.UnauthorizedException.class,
    io.quarkus.security.AuthenticationFailedException.class
  })
  public Response unauthorized(RuntimeException e) {
    return json(401, new ApiError("log in first", null));
  }

  @ServerExceptionMapper
  public Response notFound(NotFound e) {
    return json(404, new ApiError(e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response web(WebApplicationException e) {
    int status = e.getResponse().getStatus();
    return json(status, new ApiError(e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response unexpected(RuntimeException e) {
    LOG.error("request failed", e);
    return json(500, new ApiError("internal error: " + e.getMessage(), null));
  }

  private static Response json(int status, ApiError body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }
}

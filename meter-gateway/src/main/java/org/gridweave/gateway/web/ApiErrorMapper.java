package org.gridweave.gateway.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Translates the domain exceptions of the REST layer, once. */
public class ApiErrorMapper {
  @ServerExceptionMapper
  public Response invalid(InvalidRequest e) {
    return json(400, new ApiError(e.getMessage(), e.field()));
  }

  @ServerExceptionMapper
  public Response notFound(NotFound e) {
    return json(404, new ApiError(e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response conflict(Conflict e) {
    return json(409, new ApiError(e.getMessage(), null));
  }

  @ServerExceptionMapper
  public Response unknownField(UnrecognizedPropertyException e) {
    return unreadable(e);
  }

  @ServerExceptionMapper
  public Response wrongType(InvalidFormatException e) {
    return unreadable(e);
  }

  @ServerExceptionMapper
  public Response mismatched(MismatchedInputException e) {
    return unreadable(e);
  }

  @ServerExceptionMapper
  public Response unreadable(JsonProcessingException e) {
    String field = null;
    if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
      field = m.getPath().get(m.getPath().size() - 1).getFieldName();
    }
    String what =
        e instanceof UnrecognizedPropertyException u
            ? "unknown field '" + u.getPropertyName() + "'"
            : e instanceof InvalidFormatException
                ? "wrong type for field '" + field + "'"
                : "request body is not valid JSON: " + e.getOriginalMessage();
    if (e instanceof UnrecognizedPropertyException u) {
      field = u.getPropertyName();
    }
    return json(400, new ApiError(what, field));
  }

  private static Response json(int status, ApiError body) {
    return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
  }
}
